using Engine.Host;

namespace Engine.Cli.Backtesting;

/// <summary>What <c>engine backtest --data DIR ...</c> asks for, as parsed from the command line (validated by <see cref="DatasetBacktest"/>). Immutable.</summary>
public sealed record DatasetBacktestRequest
{
    public required string Dataset { get; init; }

    public required string DataDirectory { get; init; }

    public required string? Strategy { get; init; }

    /// <summary>A user's strategy assemblies (full paths) whose strategies --strategy may name, beside the engine's own.</summary>
    public IReadOnlyList<string> StrategyAssemblies { get; init; } = [];

    public IReadOnlyList<string> Parameters { get; init; } = [];

    public string? ParametersFile { get; init; }

    public string? From { get; init; }

    public string? To { get; init; }

    public string? Instrument { get; init; }

    /// <summary>The capital to deposit (decimal text), in the instrument's settlement asset.</summary>
    public string Capital { get; init; } = DatasetBacktest.DefaultCapital;

    public string? Report { get; init; }

    public ulong Seed { get; init; } = 42;

    public FillSimulationOptions Fills { get; init; } = new();

    public int? MakerBps { get; init; }

    public int? TakerBps { get; init; }

    public long SampleIntervalNanos { get; init; } = 60_000_000_000;
}
