# Acceptance Brier score per split and model (AUC undefined)
# Written by p2pgrid (module Reporting). Data: accuracy-auc.csv.
# Restyle freely, then rerun in this directory: gnuplot accuracy-auc.gp
set encoding utf8
set terminal svg size 960,440 dynamic enhanced font 'sans,11'
if (!exists("outfile")) outfile = 'accuracy-auc.svg'
set output outfile
set datafile separator comma
set title 'Acceptance Brier score per split and model (AUC undefined)'
set grid lc rgb '#d0d0d0'
set xlabel 'Split'
set ylabel 'Brier score'
unset logscale y
set format y '% h'
set yrange [0:*]
unset xzeroaxis
set xrange [0.5:7.5]
set xtics nomirror ('in distribution' 1, 'ood feeder' 2, 'ood load' 3, 'ood placement' 4, 'ood prices' 5, 'ood pv' 6, 'ood topology' 7)
set boxwidth 0.26666666666666666 absolute
set style fill solid 0.8 border -1
set key outside right top
plot 'accuracy-auc.csv' skip 1 using ($2-0.26666666666666666):3 with boxes lc rgb '#0072b2' title 'mlp', \
     '' skip 1 using ($2+0.0):6 with boxes lc rgb '#e69f00' title 'ridge', \
     '' skip 1 using ($2+0.26666666666666666):9 with boxes lc rgb '#009e73' title 'transformer'
