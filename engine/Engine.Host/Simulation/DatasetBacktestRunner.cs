using Engine.Core;
using Engine.Journal.Writing;

namespace Engine.Host;

/// <summary>
/// A backtest on recorded market data: the engine's kernel with a <see cref="DatasetVenueEdge"/> (the dataset's
/// market data, and its venue simulated by the fill models) and the timer plugged in, on a simulated clock that starts
/// at <see cref="DatasetBacktestOptions.FromNanos"/> and ends when the last record up to
/// <see cref="DatasetBacktestOptions.ToNanos"/> has reached the engine (the market-data latency after it). The configured deposits are journaled first, as at a live
/// engine's first start; every input then passes the kernel's gate and journal, so the run replays bit for bit
/// (<c>engine journal replay</c>) and the same dataset, configuration and options give the same journal and StateHash
/// on every run. One run per instance.
/// </summary>
public sealed class DatasetBacktestRunner
{
    private readonly EngineConfig _config;
    private readonly DatasetBacktestOptions _options;

    public DatasetBacktestRunner(EngineConfig config, DatasetBacktestOptions options)
    {
        ArgumentNullException.ThrowIfNull(config);
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        _config = config;
        _options = options;
    }

    /// <summary>The simulated venue of the last run (its fills and open orders), once <see cref="Run"/> returned.</summary>
    public FillSimulator? Venue { get; private set; }

    /// <summary>The wall time of the last run's simulation loop alone (without creating the journal and the BLP, or committing).</summary>
    public TimeSpan LoopTime { get; private set; }

    /// <summary>Market-data records the last run replayed.</summary>
    public long Replayed { get; private set; }

    /// <summary>
    /// Records the kernel's gate refused in the last run (the BLP never saw them): a dataset imported before imports
    /// split records to the engine's largest input holds such records, and a run that lost any is not to be trusted.
    /// </summary>
    public long FramesRefused { get; private set; }

    public BacktestResult Run(string journalDirectory)
    {
        ArgumentNullException.ThrowIfNull(journalDirectory);
        if (Directory.Exists(journalDirectory) && Directory.EnumerateFiles(journalDirectory).Any())
        {
            throw new IOException($"{journalDirectory}: a backtest writes a new journal, and this directory is not empty");
        }

        Directory.CreateDirectory(journalDirectory);
        JournalConfigCopy.SaveOrVerify(_config, journalDirectory);
        JournalOrigin.Backtest(_options.FromNanos, _options.Fills.Seed).Write(journalDirectory);
        long start = _options.FromNanos;
        long lastRecord = _options.ToNanos;

        // The run lasts until the last record replayed has reached the engine.
        LatencyModel toEngine = _options.Fills.MarketDataLatency;
        long end = checked(lastRecord + toEngine.ConstantNanos + toEngine.JitterNanos);
        var wall = System.Diagnostics.Stopwatch.StartNew();
        var outputs = new SimulationOutputs { Now = start };
        var kernel = new EngineKernel(_config.CreateCoreSettings(), outputs, _config.KernelOptions(static _ => { }) with { JournalDirectory = journalDirectory });
        using (JournalWriter journal = JournalWriter.Open(journalDirectory, _config.Journal with { FsyncPolicy = FsyncPolicy.None }))
        using (var venueEdge = new DatasetVenueEdge(_options.DatasetDirectory, _options.VenueId, start, lastRecord, _options.Fills, _options.Observer, _options.Progress))
        {
            kernel.JournalTo(journal);
            var loop = new SimulationLoop(kernel, outputs);
            outputs.Add(venueEdge);
            loop.Add(venueEdge);
            loop.Add(new TimerEdge(start, _config.TimerIntervalNanos));
            SampleEdge? samples = null;
            if (_options.Observer is { } observer)
            {
                samples = new SampleEdge(start, end, _options.SampleIntervalNanos, time => observer.OnSample(time, venueEdge.Venue));
                loop.Add(samples);
            }

            InputFrames.EncodeDeposits(_config, kernel.Processor.Assets, start, (template, buffer, length) => kernel.SubmitOwn(template, start, buffer.AsSpan(0, length)));
            long loopStart = System.Diagnostics.Stopwatch.GetTimestamp();
            loop.Run(start, end);
            LoopTime = System.Diagnostics.Stopwatch.GetElapsedTime(loopStart);
            if (samples is not null && samples.LastSample != end)
            {
                _options.Observer!.OnSample(end, venueEdge.Venue);
            }

            kernel.Commit();
            Venue = venueEdge.Venue;
            Replayed = venueEdge.Replayed;
            FramesRefused = kernel.FramesRefused;
        }

        wall.Stop();
        BusinessLogicProcessor processor = kernel.Processor;
        return new BacktestResult(processor, processor.Sequence, end - start, wall.Elapsed, processor.StateHash());
    }
}
