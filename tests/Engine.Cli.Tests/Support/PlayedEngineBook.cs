using Engine.Codecs;
using Engine.Gateways.Venues.Verification;
using Engine.Matching;
using Engine.Primitives;
using Engine.Transport.Ingress;
using Side = Engine.Primitives.Side;

namespace Engine.Cli.Tests.Support;

/// <summary>
/// The engine's receiver of a venue gateway's inputs, reduced to the L2 book the BLP keeps per listing: built from
/// the SBE frames the gateway wrote into ingress, with counts of what arrived.
/// </summary>
internal sealed class PlayedEngineBook
{
    private readonly FastL2Book _book = new();

    public int Snapshots { get; private set; }

    public int Updates { get; private set; }

    public int Gaps { get; private set; }

    public int Resyncs { get; private set; }

    public int Trades { get; private set; }

    /// <summary>The venue sequence of the last snapshot or update (Binance: the last depth event's <c>u</c>).</summary>
    public long LastSequence { get; private set; } = -1;

    public void OnMessage(int type, ReadOnlySpan<byte> message)
    {
        byte[] bytes = message.ToArray();
        if (type == L2SnapshotDecoder.TemplateId)
        {
            Snapshots++;
            _book.Clear();
            var snapshot = L2SnapshotDecoder.WrapWithHeader(bytes, 0);
            LastSequence = (long)snapshot.VenueSequence;
            var bids = snapshot.Bids();
            while (bids.MoveNext())
            {
                _book.Set(Side.Buy, new Price(bids.Price.Mantissa), new Quantity(bids.Quantity.Mantissa));
            }

            var asks = snapshot.Asks();
            while (asks.MoveNext())
            {
                _book.Set(Side.Sell, new Price(asks.Price.Mantissa), new Quantity(asks.Quantity.Mantissa));
            }
        }
        else if (type == L2UpdateDecoder.TemplateId)
        {
            Updates++;
            var update = L2UpdateDecoder.WrapWithHeader(bytes, 0);
            LastSequence = (long)update.VenueSequence;
            var levels = update.Levels();
            while (levels.MoveNext())
            {
                _book.Set(levels.Side == BookSide.Bid ? Side.Buy : Side.Sell, new Price(levels.Price.Mantissa), new Quantity(levels.Action == UpdateAction.Delete ? 0 : levels.Quantity.Mantissa));
            }
        }
        else if (type == SequenceGapDecoder.TemplateId)
        {
            Gaps++;
        }
        else if (type == ResyncDecoder.TemplateId)
        {
            Resyncs++;
        }
        else if (type == TradeDecoder.TemplateId)
        {
            Trades++;
        }
        else if (type == ExecutionReportDecoder.TemplateId)
        {
            var report = ExecutionReportDecoder.WrapWithHeader(bytes, 0);
            lock (ExecutionReports)
            {
                ExecutionReports.Add((report.ExecType, report.OrigClientOrderId, report.LastQuantity.Mantissa, report.VenueId));
            }
        }
    }

    /// <summary>Execution reports a venue gateway wrote (its order entry): type, the engine's order id, last quantity, venue.</summary>
    public List<(ExecType Type, ulong Order, long LastQuantity, ushort Venue)> ExecutionReports { get; } = [];

    /// <summary>The best levels of a side as the verifier reports them ("price@quantity", trimmed).</summary>
    public IEnumerable<string> Top(Side side, int priceScale, int quantityScale)
    {
        for (int depth = 0; depth < VenueVerifier.ReportedDepth && _book.TryGetLevel(side, depth, out BookLevel level); depth++)
        {
            yield return $"{FixedPointMath.FormatTrimmed(level.Price.Units, priceScale)}@{FixedPointMath.FormatTrimmed(level.Quantity.Units, quantityScale)}";
        }
    }

    /// <summary>The receiver as the ingress ring's handler.</summary>
    public readonly struct Handler(PlayedEngineBook engine) : IMessageHandler
    {
        public void OnMessage(int type, ReadOnlySpan<byte> message) => engine.OnMessage(type, message);
    }
}
