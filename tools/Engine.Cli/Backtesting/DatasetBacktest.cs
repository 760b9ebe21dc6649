using System.Diagnostics;
using System.Globalization;
using Engine.Cli.Backtesting.Reports;
using Engine.Cli.Backtesting.Reports.Html;
using Engine.Cli.Commands;
using Engine.Core;
using Engine.Host;
using Engine.Model;

namespace Engine.Cli.Backtesting;

/// <summary>
/// <c>engine backtest --data DIR --strategy NAME ...</c>: checks everything it was given before anything runs (a
/// dataset that is not one, an unknown strategy or parameter, a value out of range, <c>--from</c> after <c>--to</c>, a
/// report folder that cannot be written: a <see cref="UsageException"/>, exit 2), writes the run's configuration,
/// runs a <see cref="DatasetBacktestRunner"/> journaling into <c>--data-dir</c>/journal, prints a summary and the
/// StateHash, and writes the report (<see cref="WriteReport"/>). Deterministic: the same command gives the same
/// journal, StateHash and report.json.
/// </summary>
public static class DatasetBacktest
{
    public const string DefaultCapital = "100000";

    public static void Run(DatasetBacktestRequest request, TextWriter output, TextWriter progress)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(output);
        ArgumentNullException.ThrowIfNull(progress);
        StrategyDescriptor descriptor = RequireStrategy(request.Strategy, request.StrategyAssemblies);
        Dictionary<string, string> texts = StrategyParameterTexts.Read(request.ParametersFile, request.Parameters);
        decimal capital = RequireCapital(request.Capital);
        long? from = BacktestTime.Parse(request.From, "--from");
        long? to = BacktestTime.Parse(request.To, "--to");
        if (from is { } f && to is { } t && f > t)
        {
            throw new UsageException($"--from {request.From} is after --to {request.To}");
        }

        BacktestDataset dataset = BacktestDataset.Open(request.Dataset, request.Instrument);
        Listing listing = dataset.Listing;
        RequireParameters(descriptor, texts, listing);
        if (listing.Instrument.IsInverse)
        {
            throw new UsageException($"{listing.Instrument.Symbol} is an inverse contract: the backtest's report values positions linearly in the settlement asset, so inverse contracts are not backtested yet");
        }

        long start = from ?? dataset.Range.FirstEngineTime;
        long end = to ?? dataset.Range.LastEngineTime;
        if (start > dataset.Range.LastEngineTime || end < dataset.Range.FirstEngineTime)
        {
            throw new UsageException(
                $"--from/--to select no market data: the dataset's run from {AuditTime(dataset.Range.FirstEngineTime)} to {AuditTime(dataset.Range.LastEngineTime)} (engine time)");
        }

        string? reportFolder = request.Report is null ? null : Path.GetFullPath(request.Report);
        if (reportFolder is not null)
        {
            ProbeWritable(reportFolder);
        }

        string root = OwnedDataDirectory.Prepare(new DirectoryInfo(request.DataDirectory), "backtest");
        string journal = Path.Combine(root, "journal");
        VenueFees fees = BacktestConfiguration.FeesFor(dataset, request.MakerBps, request.TakerBps);
        EngineConfig config = BacktestConfiguration.Write(Path.Combine(root, "config"), journal, dataset, descriptor.Name, texts, capital, fees, request.StrategyAssemblies);
        FillSimulationOptions fills = request.Fills with { Seed = request.Seed };
        string fillModel = DescribeFills(fills, fees);
        var recorder = new ReportRecorder(config.Registry, listing.Venue.Id, fees, capital, config.LedgerScale);
        recorder.Follow(checked((uint)listing.Instrument.Id.Value));

        output.WriteLine($"backtest: {descriptor.Name} on {listing.Instrument.Symbol} at {listing.Venue.Code}, data {dataset.Directory} ({(dataset.Manifest is null ? "a recorded journal" : "imported " + dataset.Manifest.Format)})");
        output.WriteLine($"  engine time {AuditTime(start)} .. {AuditTime(end)}; capital {capital.ToString(CultureInfo.InvariantCulture)} {listing.Instrument.SettleAsset}; seed {request.Seed}");
        output.WriteLine($"  fills: {fillModel}; journal {journal}");

        var wall = Stopwatch.StartNew();
        var meter = new ProgressMeter(progress, wall, start, end);
        var runner = new DatasetBacktestRunner(config, new DatasetBacktestOptions
        {
            DatasetDirectory = dataset.Directory,
            VenueId = checked((ushort)listing.Venue.Id.Value),
            FromNanos = start,
            ToNanos = end,
            Fills = fills,
            SampleIntervalNanos = request.SampleIntervalNanos,
            Observer = recorder,
            Progress = meter.Report,
        });
        BacktestResult result;
        try
        {
            result = runner.Run(journal);
        }
        catch (EngineConfigException e)
        {
            throw new CommandFailedException(e.Message);
        }

        if (runner.FramesRefused > 0)
        {
            throw new CommandFailedException($"{runner.FramesRefused:N0} records of the dataset {request.Dataset} are longer than the engine's largest input ({Engine.Codecs.MessageCatalog.MaxInputLength} bytes), so the engine never saw them and the report would not be true: re-import the dataset with this version (imports split deep books into inputs that fit)");
        }

        meter.Finish();
        FillSimulator venue = runner.Venue!;
        string stateHash = result.StateHash.ToString("x16", CultureInfo.InvariantCulture);
        ReportInput input = recorder.Build(request.SampleIntervalNanos, stateHash, fillModel, venue.UsedBarRules);
        BacktestReport report = BacktestReport.Compute(input);
        WriteSummary(output, result, runner, input, report, wall.Elapsed);
        if (!result.Processor.Ledger.ComputeTrialBalance().IsBalanced)
        {
            throw new CommandFailedException("the ledger's trial balance is not zero");
        }

        if (reportFolder is not null)
        {
            WriteReport(reportFolder, input, report, $"{descriptor.Name} on {listing.Instrument.Symbol} at {listing.Venue.Code}");
            output.WriteLine($"report: {reportFolder} ({ReportJson.FileName}, {ReportCsv.EquityFileName}, {ReportCsv.TradesFileName}, {HtmlReport.FileName})");
        }

        output.WriteLine("StateHash: " + stateHash);
    }

    /// <summary>Writes the report's files, report.html with its charts included, all or nothing.</summary>
    public static void WriteReport(string folder, ReportInput input, BacktestReport report, string title = "Backtest report")
    {
        ArgumentNullException.ThrowIfNull(input);
        ReportWriter.WriteTo(report, folder, input, ReportCharts.From(input, title));
    }

    private static StrategyDescriptor RequireStrategy(string? name, IReadOnlyList<string> assemblies)
    {
        StrategyRegistry registry = StrategyRegistry.Default;
        if (assemblies.Count > 0)
        {
            registry = registry.Copy();
            foreach (string assembly in assemblies)
            {
                StrategyAssemblies.Register(assembly, registry, message => new UsageException($"--strategy-assembly {assembly}: {message}"));
            }
        }

        if (name is null)
        {
            throw new UsageException($"--data needs --strategy NAME (registered: {string.Join(", ", registry.Names)})");
        }

        return registry.TryGet(name, out StrategyDescriptor? descriptor)
            ? descriptor
            : throw new UsageException($"--strategy {name}: no such strategy (registered: {string.Join(", ", registry.Names)})");
    }

    private static void RequireParameters(StrategyDescriptor descriptor, Dictionary<string, string> texts, Listing listing)
    {
        var errors = new List<(string Parameter, string Message)>();
        descriptor.Parse(texts, listing.Rules, errors);
        if (errors.Count > 0)
        {
            throw new UsageException(string.Join("; ", errors.Select(e => $"--param {e.Parameter}: {e.Message}")) + $" (strategy {descriptor.Name} on {listing.Instrument.Symbol})");
        }
    }

    private static decimal RequireCapital(string text) =>
        decimal.TryParse(text, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out decimal capital) && capital > 0
            ? capital
            : throw new UsageException($"--capital '{text}': expected a positive decimal amount");

    /// <summary>A report folder that cannot be written is found before the run, not after it.</summary>
    private static void ProbeWritable(string folder)
    {
        string probe = Path.Combine(folder, $".write-test-{Environment.ProcessId}");
        try
        {
            Directory.CreateDirectory(folder);
            File.WriteAllText(probe, string.Empty);
            File.Delete(probe);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new UsageException($"--report {folder}: cannot write the report there ({e.Message})");
        }
    }

    private static string DescribeFills(FillSimulationOptions fills, VenueFees fees) => string.Create(
        CultureInfo.InvariantCulture,
        $"queue {(fills.QueueModel == QueueModelKind.RiskAverse ? "risk-averse" : "probabilistic")}, order latency {fills.OrderLatency}, market-data latency {fills.MarketDataLatency}, fees maker {fees.MakerBps} bps / taker {fees.TakerBps} bps");

    private static string AuditTime(long nanos) => Auditing.AuditTime.Iso(nanos);

    private static void WriteSummary(TextWriter output, BacktestResult result, DatasetBacktestRunner runner, ReportInput input, BacktestReport report, TimeSpan wall)
    {
        FillSimulator venue = runner.Venue!;
        double seconds = Math.Max(wall.TotalSeconds, 1e-9);
        output.WriteLine(string.Create(
            CultureInfo.InvariantCulture,
            $"Summary: {runner.Replayed:N0} market-data records replayed, {result.Inputs:N0} inputs journaled in {wall.TotalSeconds:F2} s ({result.Inputs / seconds:N0} events/s)"));
        output.WriteLine(string.Create(
            CultureInfo.InvariantCulture,
            $"  orders {venue.OrdersReceived:N0}, fills {venue.Fills:N0} (maker {venue.MakerFills:N0}), open at the end {venue.OpenOrders:N0}{(venue.UsedBarRules ? "; bar data: fills follow the OHLC rules (less realistic)" : string.Empty)}"));
        output.WriteLine(string.Create(
            CultureInfo.InvariantCulture,
            $"  equity {input.Equity[0].Equity} -> {input.Equity[^1].Equity} (total return {report.Run.TotalReturn:P4}, max drawdown {report.Run.MaxDrawdown:P4}), fees {report.Run.Fees}, funding {report.Run.Funding}"));
    }

    /// <summary>The progress line on stderr: when it is a terminal, or once a run has taken more than two seconds; at most once a second.</summary>
    private sealed class ProgressMeter(TextWriter writer, Stopwatch wall, long start, long end)
    {
        private readonly bool _terminal = !Console.IsErrorRedirected;
        private TimeSpan _last;
        private bool _shown;

        public void Report(long replayed, long time)
        {
            TimeSpan elapsed = wall.Elapsed;
            if ((!_terminal && elapsed < TimeSpan.FromSeconds(2)) || elapsed - _last < TimeSpan.FromSeconds(1))
            {
                return;
            }

            _last = elapsed;
            _shown = true;
            double done = end > start ? (double)(time - start) / (end - start) : 1;
            writer.Write(string.Create(
                CultureInfo.InvariantCulture,
                $"{(_terminal ? "\r" : string.Empty)}  {elapsed.TotalSeconds,6:F1} s  {done,6:P1} of the data  {replayed,12:N0} records  {replayed / elapsed.TotalSeconds,12:N0} events/s{(_terminal ? string.Empty : Environment.NewLine)}"));
        }

        public void Finish()
        {
            if (_shown && _terminal)
            {
                writer.WriteLine();
            }
        }
    }
}
