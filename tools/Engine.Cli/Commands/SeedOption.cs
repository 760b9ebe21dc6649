using System.CommandLine;

namespace Engine.Cli.Commands;

/// <summary>
/// The <c>--seed</c> option of every command that generates a market (demo, backtest, gateway sim): a non-negative
/// integer. A negative one is a usage error, never reinterpreted as a huge unsigned seed.
/// </summary>
public static class SeedOption
{
    public const long DefaultSeed = 42;

    public static Option<long> Create(string description) => new("--seed")
    {
        Description = description + " A non-negative integer.",
        DefaultValueFactory = _ => DefaultSeed,
    };

    /// <summary>The seed as the generators take it; throws a <see cref="UsageException"/> for a negative one.</summary>
    public static ulong Require(long seed) => seed >= 0 ? (ulong)seed : throw new UsageException($"--seed must not be negative, got {seed}");
}
