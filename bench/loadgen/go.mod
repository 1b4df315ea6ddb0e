module influence-graph/bench/loadgen

go 1.26
