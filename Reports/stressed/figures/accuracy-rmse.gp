# RMSE per split and model
# Written by p2pgrid (module Reporting). Data: accuracy-rmse.csv.
# Restyle freely, then rerun in this directory: gnuplot accuracy-rmse.gp
set encoding utf8
set terminal svg size 960,440 dynamic enhanced font 'sans,11'
if (!exists("outfile")) outfile = 'accuracy-rmse.svg'
set output outfile
set datafile separator comma
set title 'RMSE per split and model'
set grid lc rgb '#d0d0d0'
set xlabel 'Split'
set ylabel 'RMSE (kW)'
unset logscale y
set format y '% h'
set yrange [0:*]
unset xzeroaxis
set xrange [0.5:7.5]
set xtics nomirror ('in distribution' 1, 'ood feeder' 2, 'ood load' 3, 'ood placement' 4, 'ood prices' 5, 'ood pv' 6, 'ood topology' 7)
set boxwidth 0.13333333333333333 absolute
set style fill solid 0.8 border -1
set key outside right top
plot 'accuracy-rmse.csv' skip 1 using ($2-0.3333333333333333):3 with boxes lc rgb '#0072b2' title 'models/mlp', \
     '' skip 1 using ($2-0.2):6 with boxes lc rgb '#e69f00' title 'models/ridge', \
     '' skip 1 using ($2-0.06666666666666667):9 with boxes lc rgb '#009e73' title 'models/transformer', \
     '' skip 1 using ($2+0.06666666666666667):12 with boxes lc rgb '#cc79a7' title 'paper\_models/mlp', \
     '' skip 1 using ($2+0.2):15 with boxes lc rgb '#56b4e9' title 'paper\_models/ridge', \
     '' skip 1 using ($2+0.3333333333333333):18 with boxes lc rgb '#d55e00' title 'paper\_models/transformer'
