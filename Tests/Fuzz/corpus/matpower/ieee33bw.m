function mpc = ieee33bw
%IEEE33BW  IEEE 33-bus radial distribution feeder (Baran & Wu, 1989), p2pgrid's own copy.
%   Written for p2pgrid from the published line and load table of
%       M. E. Baran and F. F. Wu, "Network reconfiguration in distribution
%       systems for loss reduction and load balancing," IEEE Transactions on
%       Power Delivery, vol. 4, no. 2, pp. 1401-1407, Apr. 1989.
%   As in the paper, impedances are given in ohms and loads in kW / kVAr;
%   the statements at the end convert them to MATPOWER's per unit and MW on
%   12.66 kV and 10 MVA (p2pgrid's importer evaluates them).
%   Bus 1 is the substation (slack, |V| = 1.0 p.u.). Branches 33-37 are the
%   five tie switches of the paper, open (status 0).
%   Voltage limits here are the feeder's own 0.90-1.10 p.u.; the modified
%   system (Datasets/systems/ieee33-modified.yaml) sets its own.
%   Known power flow at nominal load: losses 202.68 kW, Vmin 0.9131 p.u. at bus 18.

%% MATPOWER Case Format : Version 2
mpc.version = '2';

%% system MVA base
mpc.baseMVA = 10;

%% bus data (Pd, Qd in kW / kVAr, converted below)
%	bus_i	type	Pd	Qd	Gs	Bs	area	Vm	Va	baseKV	zone	Vmax	Vmin
mpc.bus = [
	1	3	0	0	0	0	1	1	0	12.66	1	1	1;
	2	1	100	60	0	0	1	1	0	12.66	1	1.1	0.9;
	3	1	90	40	0	0	1	1	0	12.66	1	1.1	0.9;
	4	1	120	80	0	0	1	1	0	12.66	1	1.1	0.9;
	5	1	60	30	0	0	1	1	0	12.66	1	1.1	0.9;
	6	1	60	20	0	0	1	1	0	12.66	1	1.1	0.9;
	7	1	200	100	0	0	1	1	0	12.66	1	1.1	0.9;
	8	1	200	100	0	0	1	1	0	12.66	1	1.1	0.9;
	9	1	60	20	0	0	1	1	0	12.66	1	1.1	0.9;
	10	1	60	20	0	0	1	1	0	12.66	1	1.1	0.9;
	11	1	45	30	0	0	1	1	0	12.66	1	1.1	0.9;
	12	1	60	35	0	0	1	1	0	12.66	1	1.1	0.9;
	13	1	60	35	0	0	1	1	0	12.66	1	1.1	0.9;
	14	1	120	80	0	0	1	1	0	12.66	1	1.1	0.9;
	15	1	60	10	0	0	1	1	0	12.66	1	1.1	0.9;
	16	1	60	20	0	0	1	1	0	12.66	1	1.1	0.9;
	17	1	60	20	0	0	1	1	0	12.66	1	1.1	0.9;
	18	1	90	40	0	0	1	1	0	12.66	1	1.1	0.9;
	19	1	90	40	0	0	1	1	0	12.66	1	1.1	0.9;
	20	1	90	40	0	0	1	1	0	12.66	1	1.1	0.9;
	21	1	90	40	0	0	1	1	0	12.66	1	1.1	0.9;
	22	1	90	40	0	0	1	1	0	12.66	1	1.1	0.9;
	23	1	90	50	0	0	1	1	0	12.66	1	1.1	0.9;
	24	1	420	200	0	0	1	1	0	12.66	1	1.1	0.9;
	25	1	420	200	0	0	1	1	0	12.66	1	1.1	0.9;
	26	1	60	25	0	0	1	1	0	12.66	1	1.1	0.9;
	27	1	60	25	0	0	1	1	0	12.66	1	1.1	0.9;
	28	1	60	20	0	0	1	1	0	12.66	1	1.1	0.9;
	29	1	120	70	0	0	1	1	0	12.66	1	1.1	0.9;
	30	1	200	600	0	0	1	1	0	12.66	1	1.1	0.9;
	31	1	150	70	0	0	1	1	0	12.66	1	1.1	0.9;
	32	1	210	100	0	0	1	1	0	12.66	1	1.1	0.9;
	33	1	60	40	0	0	1	1	0	12.66	1	1.1	0.9;
];

%% generator data: the substation
%	bus	Pg	Qg	Qmax	Qmin	Vg	mBase	status	Pmax	Pmin
mpc.gen = [
	1	0	0	10	-10	1	100	1	10	0;
];

%% branch data (r, x in ohms, converted below); lines 1-32 in the paper's order, then the tie switches 33-37
%	fbus	tbus	r	x	b	rateA	rateB	rateC	ratio	angle	status	angmin	angmax
mpc.branch = [
	1	2	0.0922	0.0470	0	0	0	0	0	0	1	-360	360;	% line 1
	2	3	0.4930	0.2511	0	0	0	0	0	0	1	-360	360;	% line 2
	3	4	0.3660	0.1864	0	0	0	0	0	0	1	-360	360;	% line 3
	4	5	0.3811	0.1941	0	0	0	0	0	0	1	-360	360;	% line 4
	5	6	0.8190	0.7070	0	0	0	0	0	0	1	-360	360;	% line 5
	6	7	0.1872	0.6188	0	0	0	0	0	0	1	-360	360;	% line 6
	7	8	0.7114	0.2351	0	0	0	0	0	0	1	-360	360;	% line 7
	8	9	1.0300	0.7400	0	0	0	0	0	0	1	-360	360;	% line 8
	9	10	1.0440	0.7400	0	0	0	0	0	0	1	-360	360;	% line 9
	10	11	0.1966	0.0650	0	0	0	0	0	0	1	-360	360;	% line 10
	11	12	0.3744	0.1238	0	0	0	0	0	0	1	-360	360;	% line 11
	12	13	1.4680	1.1550	0	0	0	0	0	0	1	-360	360;	% line 12
	13	14	0.5416	0.7129	0	0	0	0	0	0	1	-360	360;	% line 13
	14	15	0.5910	0.5260	0	0	0	0	0	0	1	-360	360;	% line 14
	15	16	0.7463	0.5450	0	0	0	0	0	0	1	-360	360;	% line 15
	16	17	1.2890	1.7210	0	0	0	0	0	0	1	-360	360;	% line 16
	17	18	0.7320	0.5740	0	0	0	0	0	0	1	-360	360;	% line 17
	2	19	0.1640	0.1565	0	0	0	0	0	0	1	-360	360;	% line 18
	19	20	1.5042	1.3554	0	0	0	0	0	0	1	-360	360;	% line 19
	20	21	0.4095	0.4784	0	0	0	0	0	0	1	-360	360;	% line 20
	21	22	0.7089	0.9373	0	0	0	0	0	0	1	-360	360;	% line 21
	3	23	0.4512	0.3083	0	0	0	0	0	0	1	-360	360;	% line 22
	23	24	0.8980	0.7091	0	0	0	0	0	0	1	-360	360;	% line 23
	24	25	0.8960	0.7011	0	0	0	0	0	0	1	-360	360;	% line 24
	6	26	0.2030	0.1034	0	0	0	0	0	0	1	-360	360;	% line 25
	26	27	0.2842	0.1447	0	0	0	0	0	0	1	-360	360;	% line 26
	27	28	1.0590	0.9337	0	0	0	0	0	0	1	-360	360;	% line 27
	28	29	0.8042	0.7006	0	0	0	0	0	0	1	-360	360;	% line 28
	29	30	0.5075	0.2585	0	0	0	0	0	0	1	-360	360;	% line 29
	30	31	0.9744	0.9630	0	0	0	0	0	0	1	-360	360;	% line 30
	31	32	0.3105	0.3619	0	0	0	0	0	0	1	-360	360;	% line 31
	32	33	0.3410	0.5302	0	0	0	0	0	0	1	-360	360;	% line 32
	8	21	2.0	2.0	0	0	0	0	0	0	0	-360	360;	% tie switch 33
	9	15	2.0	2.0	0	0	0	0	0	0	0	-360	360;	% tie switch 34
	12	22	2.0	2.0	0	0	0	0	0	0	0	-360	360;	% tie switch 35
	18	33	0.5	0.5	0	0	0	0	0	0	0	-360	360;	% tie switch 36
	25	29	0.5	0.5	0	0	0	0	0	0	0	-360	360;	% tie switch 37
];

%% unit conversions: ohms -> p.u. on Vbase^2 / Sbase, kW -> MW
[PQ, PV, REF, NONE, BUS_I, BUS_TYPE, PD, QD, GS, BS, BUS_AREA, VM, ...
    VA, BASE_KV, ZONE, VMAX, VMIN, LAM_P, LAM_Q, MU_VMAX, MU_VMIN] = idx_bus;
[F_BUS, T_BUS, BR_R, BR_X, BR_B, RATE_A, RATE_B, RATE_C, ...
    TAP, SHIFT, BR_STATUS, PF, QF, PT, QT, MU_SF, MU_ST, ...
    ANGMIN, ANGMAX, MU_ANGMIN, MU_ANGMAX] = idx_brch;
Vbase = mpc.bus(1, BASE_KV) * 1e3;      %% V
Sbase = mpc.baseMVA * 1e6;              %% VA
mpc.branch(:, [BR_R BR_X]) = mpc.branch(:, [BR_R BR_X]) / (Vbase^2 / Sbase);
mpc.bus(:, [PD, QD]) = mpc.bus(:, [PD, QD]) / 1e3;
