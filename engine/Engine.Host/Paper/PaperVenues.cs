using Engine.Core;
using Engine.Model;

namespace Engine.Host;

/// <summary>
/// The paper venues of an engine in paper mode (engine.json's <c>mode</c>, <see cref="PaperTradingConfig"/>), plugged
/// into the live pipeline in place of the venue gateways' order entry: the BLP's order requests naming a paper venue
/// go to its <see cref="PaperVenue"/> instead of egress (<see cref="PaperOutput"/>), the BLP stage shows every venue
/// each journaled input (<see cref="BeforeInput"/>: engine time advanced; <see cref="AfterInput"/>: the input applied,
/// market data reaching its venue's book), and their execution reports reach the engine through the receiver
/// (<see cref="Reports"/>). Owned by the BLP thread (and the host thread before the pipeline starts).
/// </summary>
public sealed class PaperVenues
{
    private readonly PaperVenue?[] _byId;
    private readonly PaperVenue[] _all;
    private readonly HashSet<string> _gatewayNames = new(StringComparer.Ordinal);
    private long _now;

    public PaperVenues(PaperTradingConfig config, InstrumentRegistry registry)
    {
        ArgumentNullException.ThrowIfNull(config);
        ArgumentNullException.ThrowIfNull(registry);
        _byId = new PaperVenue?[registry.Venues.Count + 1];
        _all = new PaperVenue[config.Venues.Count];
        for (int i = 0; i < config.Venues.Count; i++)
        {
            ushort id = (ushort)config.Venues[i].Value;
            _all[i] = new PaperVenue(id, config.Fills, Reports);
            _byId[id] = _all[i];
            _gatewayNames.Add("venue:" + registry.GetVenue(config.Venues[i]).Code);
        }
    }

    public PaperReports Reports { get; } = new();

    public IReadOnlyList<PaperVenue> All => _all;

    /// <summary>Order requests the paper venues took (none of them reached egress).</summary>
    public long RequestsTaken { get; private set; }

    /// <summary>Whether <paramref name="venueId"/> is traded on paper.</summary>
    public bool IsPaper(ushort venueId) => venueId < _byId.Length && _byId[venueId] is not null;

    /// <summary>Whether a gateway client's name (<c>venue:CODE</c>) is that of a paper venue's market-data gateway.</summary>
    public bool IsPaperGateway(string clientName) => _gatewayNames.Contains(clientName);

    /// <summary>Engine time reaches the input about to be applied: each venue receives the requests due by then.</summary>
    public void BeforeInput(long engineTime)
    {
        _now = engineTime;
        foreach (PaperVenue venue in _all)
        {
            venue.AdvanceTo(engineTime);
        }
    }

    /// <summary>An input was applied: market data of a paper venue reaches its book, as the BLP's reached the BLP's.</summary>
    public void AfterInput(int templateId, long engineTime, ReadOnlySpan<byte> message)
    {
        if (Codecs.MessageCatalog.IsMarketData(templateId)
            && MarketDataListing.TryRead(templateId, message, out ushort venueId, out uint instrumentId)
            && venueId < _byId.Length
            && _byId[venueId] is { } venue)
        {
            venue.OnMarketData(templateId, instrumentId, message, engineTime);
        }
    }

    /// <summary>
    /// An order request the BLP publishes while applying the current input: true when a paper venue took it (it must
    /// not reach egress). A CancelAll naming no venue goes to every paper venue and on to egress for the others.
    /// </summary>
    public bool TryTake(int templateId, ReadOnlySpan<byte> message)
    {
        ushort venueId = OrderRequestVenue.Of(templateId, message);
        if (venueId == OrderRequestVenue.Any)
        {
            if (templateId == Codecs.CancelAllDecoder.TemplateId)
            {
                foreach (PaperVenue venue in _all)
                {
                    venue.OnRequest(templateId, message, _now);
                }
            }

            return false;
        }

        if (venueId >= _byId.Length || _byId[venueId] is not { } paper)
        {
            return false;
        }

        paper.OnRequest(templateId, message, _now);
        RequestsTaken++;
        return true;
    }

    /// <summary>
    /// After recovery: the paper venues' books lived in the previous process, so the orders the BLP still has open on
    /// them are gone. Each is reported canceled (journaled like any report), which closes it and releases what it held.
    /// Returns how many.
    /// </summary>
    public int CancelOrdersLeftOpen(BusinessLogicProcessor processor, InstrumentRegistry registry)
    {
        ArgumentNullException.ThrowIfNull(processor);
        ArgumentNullException.ThrowIfNull(registry);
        int canceled = 0;
        OrderTable orders = processor.Orders;
        for (int slot = 0; slot < orders.SlotCount; slot++)
        {
            ref OrderRecord order = ref orders.SlotAt(slot);
            if (order.Id.IsNone || !order.IsOpen)
            {
                continue;
            }

            ushort venueId = (ushort)registry.GetListing(order.Listing).Venue.Id.Value;
            if (IsPaper(venueId))
            {
                PaperRestartCancel.Report(Reports, venueId, in order);
                canceled++;
            }
        }

        return canceled;
    }
}
