print("ScreeningBenchmark: arrives with issue 4")
