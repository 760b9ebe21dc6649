using Engine.Core;
using Engine.Gateways.SimulatedVenue.Session;
using Engine.Journal.Writing;
using Engine.Model;

namespace Engine.Host;

/// <summary>
/// A backtest: the engine's kernel with the simulated venue and the timer plugged in as simulation edges, on a
/// simulated clock. Every input passes the kernel's gate and journal exactly as a live engine's would, so the run
/// can be replayed, audited and compared; and because nothing reads a real clock, the same configuration and seed
/// give a bit-for-bit identical journal and StateHash on every run and every machine. One run per instance.
/// </summary>
public sealed class BacktestRunner
{
    /// <summary>Simulated time starts at 2026-01-01T00:00:00Z (ns since the Unix epoch), so journal times read as dates.</summary>
    public const long DefaultStartTimeNanos = 1_767_225_600_000_000_000;

    private readonly EngineConfig _config;
    private readonly BacktestOptions _options;

    public BacktestRunner(EngineConfig config, BacktestOptions options)
    {
        ArgumentNullException.ThrowIfNull(config);
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        _config = config;
        _options = options;
    }

    /// <summary>Runs the backtest, journaling into <paramref name="journalDirectory"/> (which must not hold a journal yet).</summary>
    public BacktestResult Run(string journalDirectory)
    {
        ArgumentNullException.ThrowIfNull(journalDirectory);
        if (Directory.Exists(journalDirectory) && Directory.EnumerateFiles(journalDirectory).Any())
        {
            throw new IOException($"{journalDirectory}: a backtest writes a new journal, and this directory is not empty");
        }

        Directory.CreateDirectory(journalDirectory);
        JournalConfigCopy.SaveOrVerify(_config, journalDirectory);
        JournalOrigin.Backtest(_options.StartTimeNanos, _options.Seed).Write(journalDirectory);
        long start = _options.StartTimeNanos;
        long end = checked(start + _options.DurationNanos);
        var wall = System.Diagnostics.Stopwatch.StartNew();
        var outputs = new SimulationOutputs { Now = start };
        var kernel = new EngineKernel(_config.CreateCoreSettings(), outputs, _config.KernelOptions(static _ => { }) with { JournalDirectory = journalDirectory });
        using (JournalWriter journal = JournalWriter.Open(journalDirectory, _config.Journal with { FsyncPolicy = FsyncPolicy.None }))
        {
            kernel.JournalTo(journal);
            var loop = new SimulationLoop(kernel, outputs);
            var venue = new SimulatedVenueSession(_config.Registry, new SimulatedVenueOptions { Seed = _options.Seed, StartTimeNanos = start - SimulatedVenueOptions.DefaultWarmUpNanos });
            _config.Registry.TryGetVenue(SimulatedVenueSession.VenueCode, out Venue? sim);
            var venueEdge = new SimulatedVenueEdge(venue, checked((ushort)sim!.Id.Value), _options.VenueToEngineLatencyNanos, _options.EngineToVenueLatencyNanos);
            outputs.Add(venueEdge);
            loop.Add(venueEdge);
            loop.Add(new TimerEdge(start, _config.TimerIntervalNanos));
            InputFrames.EncodeDeposits(_config, kernel.Processor.Assets, start, (template, buffer, length) => kernel.SubmitOwn(template, start, buffer.AsSpan(0, length)));
            loop.Run(start, end);
            kernel.Commit();
        }

        wall.Stop();
        BusinessLogicProcessor processor = kernel.Processor;
        return new BacktestResult(processor, processor.Sequence, _options.DurationNanos, wall.Elapsed, processor.StateHash());
    }
}
