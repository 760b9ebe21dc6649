using System.Globalization;
using Engine.Core;
using Engine.Host;
using Engine.Primitives;
using Engine.Risk;

namespace Engine.Cli.Commands;

/// <summary>What `engine run` and `engine demo` print: a progress line while running, and the summary of a run.</summary>
public static class EngineRunReport
{
    /// <summary>The once-a-second line: inputs, market data, orders sent and refused (by risk or the ledger), fills, open orders.</summary>
    public static string Progress(EngineHost host, TimeSpan elapsed)
    {
        ArgumentNullException.ThrowIfNull(host);
        EngineCounters counters = host.Processor.Counters;
        string line = string.Create(
            CultureInfo.InvariantCulture,
            $"  {elapsed.TotalSeconds,5:F1} s  inputs {host.LastAppliedSequence,9:N0}  market data {counters.MarketData,9:N0}  orders {counters.OrdersAccepted,7:N0}  refused {counters.OrdersSubmitted - counters.OrdersAccepted,6:N0}  fills {counters.Fills,6:N0}  open {host.Processor.Orders.Count,3}");
        if (host.Replication is { } replication)
        {
            Engine.Journal.Postgres.ReplicationStatus status = replication.Status;
            string state = replication.Stopped ? "STOPPED" : status.Connected ? "up" : "down";
            line += string.Create(CultureInfo.InvariantCulture, $"  postgres {state}, lag {status.Lag:N0}");
        }

        return line;
    }

    public static void WriteSummary(TextWriter output, EngineHost host, TimeSpan elapsed)
    {
        BusinessLogicProcessor processor = host.Processor;
        EngineCounters counters = processor.Counters;
        output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"Summary of {elapsed.TotalSeconds:F1} s:"));
        output.WriteLine(string.Create(
            CultureInfo.InvariantCulture,
            $"  inputs journaled   {processor.Sequence:N0} (market data {counters.MarketData:N0}, timer ticks {counters.TimerTicks:N0}, admin {counters.AdminInputs:N0}, admin refused {counters.AdminRefused:N0}, malformed {counters.MalformedInputs:N0}); ingress frames refused {host.Receiver.FramesRefused:N0}"));
        WriteTrading(output, processor);
        EgressPublisher publisher = host.Publisher;
        LatencyReport.WriteTickToTrade(output, host);
        long dropped = publisher.TickToTradeWithoutReceiveTime + publisher.TickToTradeNegative + publisher.TickToTradeTooLarge;
        if (dropped > 0)
        {
            output.WriteLine(string.Create(
                CultureInfo.InvariantCulture,
                $"                     samples dropped: {publisher.TickToTradeWithoutReceiveTime:N0} without a receive time, {publisher.TickToTradeNegative:N0} negative, {publisher.TickToTradeTooLarge:N0} too large"));
        }

        LatencyReport.WriteStages(output, host.Latencies);
        if (host.Paper is { } paper)
        {
            foreach (PaperVenue venue in paper.All)
            {
                FillSimulator simulated = venue.Simulator;
                output.WriteLine(string.Create(
                    CultureInfo.InvariantCulture,
                    $"  paper {processor.Settings.Registry.GetVenue(new VenueId(venue.VenueId)).Code,-12} orders {simulated.OrdersReceived:N0}, fills {simulated.Fills:N0} (maker {simulated.MakerFills:N0}), open at the venue {simulated.OpenOrders:N0}"));
            }
        }

        long bytes = 0;
        int segments = 0;
        foreach (string file in Directory.EnumerateFiles(host.Journal.Directory, "*.seg*"))
        {
            bytes += new FileInfo(file).Length;
            segments++;
        }

        output.WriteLine(string.Create(
            CultureInfo.InvariantCulture,
            $"  journal            {processor.Sequence:N0} records in {segments} segment(s), {bytes / (1024.0 * 1024.0):F1} MiB on disk (segments are pre-allocated): {host.Journal.Directory}"));
    }

    /// <summary>The summary of a backtest: simulated and wall time, the trading figures, and the speed.</summary>
    public static void WriteBacktestSummary(TextWriter output, BacktestResult result)
    {
        ArgumentNullException.ThrowIfNull(result);
        double simulated = result.SimulatedNanos / 1e9;
        output.WriteLine(string.Create(
            CultureInfo.InvariantCulture,
            $"Summary of {simulated:F0} simulated s in {result.WallTime.TotalSeconds:F1} wall s ({simulated / Math.Max(result.WallTime.TotalSeconds, 1e-9):F0}x real time):"));
        output.WriteLine(string.Create(
            CultureInfo.InvariantCulture,
            $"  inputs journaled   {result.Inputs:N0} (market data {result.Processor.Counters.MarketData:N0}, timer ticks {result.Processor.Counters.TimerTicks:N0}, admin {result.Processor.Counters.AdminInputs:N0})"));
        WriteTrading(output, result.Processor);
    }

    /// <summary>Orders, fills, each strategy's P&amp;L per instrument, and the ledger's trial balance.</summary>
    private static void WriteTrading(TextWriter output, BusinessLogicProcessor processor)
    {
        EngineCounters counters = processor.Counters;
        output.WriteLine(string.Create(
            CultureInfo.InvariantCulture,
            $"  orders             sent {counters.OrdersAccepted:N0}, refused by risk/ledger {counters.OrdersSubmitted - counters.OrdersAccepted:N0}, filled {counters.OrdersFilled:N0}, canceled {counters.OrdersCanceled:N0}, open {processor.Orders.Count:N0}; cancel requests {counters.CancelRequests:N0}"));
        output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  fills              {counters.Fills:N0}; accounting breaks {counters.AccountingBreaks:N0}"));
        foreach (StrategyContext strategy in processor.Strategies)
        {
            foreach (RiskInstrument instrument in processor.Settings.Risk.Instruments)
            {
                PositionReport position = processor.Risk.Report(strategy.Account, instrument.Id);
                if (position.Quantity.IsZero && position.RealisedPnl.IsZero && position.Fees.IsZero)
                {
                    continue;
                }

                int money = instrument.MoneyScale;
                string quote = processor.Settings.Registry.GetInstrument(instrument.Id).QuoteAsset;
                output.WriteLine(
                    $"  P&L {instrument.Symbol,-13} account {strategy.Account}: position {position.Quantity.ToString(instrument.Rules.QuantityScale)} @ {position.AverageEntryPrice.ToString(instrument.Rules.PriceScale)}, " +
                    $"realised {position.RealisedPnl.ToString(money)} {quote}, unrealised {position.UnrealisedPnl.ToString(money)} {quote}, fees {position.Fees.ToString(money)} {quote}");
            }
        }

        Engine.Ledger.TrialBalance trial = processor.Ledger.ComputeTrialBalance();
        output.WriteLine(string.Create(
            CultureInfo.InvariantCulture,
            $"  ledger             trial balance {(trial.IsBalanced ? "zero" : "NOT ZERO")} ({trial.Totals.Count} assets, {processor.Ledger.TransferCount:N0} transfers, {processor.Ledger.AccountCount} accounts)"));
    }
}
