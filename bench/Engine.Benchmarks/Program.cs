using BenchmarkDotNet.Running;

// Every [Benchmark] class in this assembly; pick with --filter, e.g. --filter '*Ring*'.
BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
