# Total cost per hour and case
# Written by p2pgrid (module Reporting). Data: case-cost.csv, case-cost-outliers.csv.
# Restyle freely, then rerun in this directory: gnuplot case-cost.gp
set encoding utf8
set terminal svg size 760,440 dynamic enhanced font 'sans,11'
if (!exists("outfile")) outfile = 'case-cost.svg'
set output outfile
set datafile separator comma
set title 'Total cost per hour and case'
set grid lc rgb '#d0d0d0'
set xlabel 'Case'
set ylabel 'Total cost (Rs)'
unset logscale y
set xrange [0.5:5.5]
set xtics nomirror ('1: network-agnostic (n = 720)' 1, '2: iterative DSO feedback (n = 720)' 2, '3: learning-augmented (models/transformer) (n = 720)' 3, '3: learning-augmented (paper\_models/transformer) (n = 720)' 4, '4: oracle (n = 720)' 5)
set boxwidth 0.5 absolute
set style fill solid 0.3 border -1
unset key
# Candlesticks take x:box low:whisker low:whisker high:box high; see the CSV header for the columns.
plot 'case-cost.csv' skip 1 using 2:6:5:9:8 with candlesticks whiskerbars 0.5 lc rgb '#3465a4' lw 1.2 notitle, \
     '' skip 1 using 2:7:7:7:7 with candlesticks lc rgb '#000000' lw 2 notitle
