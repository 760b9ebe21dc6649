using System.Globalization;
using System.Text.Json;
using System.Threading.Channels;
using Engine.Gateways.Admin.Telemetry;
using Codecs = Engine.Codecs;

namespace Engine.Gateways.Admin.LiveFeeds;

/// <summary>
/// Feeds the console hub without ever holding up the engine or the gateway's egress reading:
/// <list type="bullet">
/// <item>Events (order, fill, alert) are decoded on the egress thread only while a client watches, and offered to a
/// bounded channel that drops its oldest entry when full (the reader never waits); a pump hands each to every client's
/// own outbox (<see cref="ConsoleOutbox"/>), where a slow client loses old events, never slowing the others.</item>
/// <item>State (status, positions, risk, orders) is conflated: once a second, while a client watches, one status request
/// (journaled as every input is, by the gateway's own principal) and the host's progress make one snapshot; a client
/// that missed one gets the next, never a backlog (each outbox keeps only the latest of each kind).</item>
/// </list>
/// <item>Market (best bid and offer per listing) comes as the engine's MarketTops right after each status answer, so at
/// the status's once a second (at most 4 Hz, as the console asks): conflated like the state.</item>
/// One pump task sends the events and one loop the snapshots; both stop with <see cref="DisposeAsync"/>.
/// </summary>
public sealed class ConsoleFeed : IEgressObserver, IAsyncDisposable
{
    public const int EventCapacity = 4096;

    private static readonly TimeSpan s_stateInterval = TimeSpan.FromSeconds(1);

    private readonly ConsoleClients _clients;
    private readonly AdminCatalog _catalog;
    private readonly EngineTelemetry _telemetry;
    private readonly Func<bool> _attached;
    private readonly Func<long> _attachments;
    private readonly Func<CancellationToken, Task<byte[]?>> _askStatus;
    private readonly Channel<(string Method, object Payload)> _events =
        Channel.CreateBounded<(string, object)>(new BoundedChannelOptions(EventCapacity) { FullMode = BoundedChannelFullMode.DropOldest, SingleReader = true });

    private readonly CancellationTokenSource _stop = new();
    private readonly Task _pump;
    private readonly Task _states;
    private bool _wasAttached = true;

    public ConsoleFeed(
        ConsoleClients clients,
        AdminCatalog catalog,
        EngineTelemetry telemetry,
        Func<bool> attached,
        Func<long> attachments,
        Func<CancellationToken, Task<byte[]?>> askStatus)
    {
        _clients = clients;
        _catalog = catalog;
        _telemetry = telemetry;
        _attached = attached;
        _attachments = attachments;
        _askStatus = askStatus;
        _pump = Task.Run(PumpEvents);
        _states = Task.Run(SendStates);
    }

    /// <summary>Events handed to the clients' outboxes so far (each to every client).</summary>
    public long EventsSent => Interlocked.Read(ref _eventsSent);

    /// <summary>State snapshots sent so far.</summary>
    public long SnapshotsSent => Interlocked.Read(ref _snapshotsSent);

    private long _eventsSent;
    private long _snapshotsSent;

    public void Observe(int templateId, ReadOnlySpan<byte> message)
    {
        if (_clients.Count == 0 || message.Length < Codecs.EngineSchema.HeaderLength)
        {
            return;
        }

        if (templateId == Codecs.MarketTopsDecoder.TemplateId && message.Length >= Codecs.EngineSchema.HeaderLength + Codecs.MarketTopsDecoder.BlockLength)
        {
            // State, not an event: each client keeps only the latest.
            _clients.OfferState("market", Market(message));
            return;
        }

        (string, object)? item = templateId switch
        {
            _ when templateId == Codecs.NewOrderDecoder.TemplateId && message.Length >= Codecs.EngineSchema.HeaderLength + Codecs.NewOrderDecoder.BlockLength => NewOrder(message),
            _ when templateId == Codecs.CancelOrderDecoder.TemplateId && message.Length >= Codecs.EngineSchema.HeaderLength + Codecs.CancelOrderDecoder.BlockLength => Cancel(message),
            _ when templateId == Codecs.RejectDecoder.TemplateId && message.Length >= Codecs.EngineSchema.HeaderLength + Codecs.RejectDecoder.BlockLength => Reject(message),
            _ when templateId == Codecs.TransferPostedDecoder.TemplateId && message.Length >= Codecs.EngineSchema.HeaderLength + Codecs.TransferPostedDecoder.BlockLength => Fill(message),
            _ when templateId == Codecs.AdminResultDecoder.TemplateId && message.Length >= Codecs.EngineSchema.HeaderLength + Codecs.AdminResultDecoder.BlockLength => AdminRefused(message),
            _ when templateId == Codecs.VenueAlertDecoder.TemplateId && message.Length >= Codecs.EngineSchema.HeaderLength + Codecs.VenueAlertDecoder.BlockLength => VenueAlert(message),
            _ => null,
        };
        if (item is { } offered)
        {
            _events.Writer.TryWrite(offered);
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync().ConfigureAwait(false);
        _events.Writer.TryComplete();
        try
        {
            await Task.WhenAll(_pump, _states).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            // Stopping.
        }

        _stop.Dispose();
    }

    private (string, object) NewOrder(ReadOnlySpan<byte> message)
    {
        var order = Codecs.NewOrderDecoder.WrapWithHeader(message, 0);
        CatalogInstrument? instrument = Instrument(order.InstrumentId);
        string price = order.Price.Mantissa == long.MinValue ? "market" : Scaled(order.Price.Mantissa, instrument?.PriceScale);
        return ("order", new OrderEvent(Now(), "new", (long)order.ClientOrderId, (long)order.AccountId, _catalog.InstrumentName(order.InstrumentId), Side(order.Side), price, Scaled(order.Quantity.Mantissa, instrument?.QuantityScale), "sent"));
    }

    private List<MarketRow> Market(ReadOnlySpan<byte> message)
    {
        var rows = new List<MarketRow>();
        var tops = Codecs.MarketTopsDecoder.WrapWithHeader(message, 0);
        var listings = tops.Listings();
        while (listings.MoveNext())
        {
            rows.Add(new MarketRow(
                _catalog.InstrumentName(listings.InstrumentId),
                listings.VenueId,
                Decimal(listings.Bid.Mantissa, listings.Bid.Exponent),
                Decimal(listings.BidQuantity.Mantissa, listings.BidQuantity.Exponent),
                Decimal(listings.Ask.Mantissa, listings.Ask.Exponent),
                Decimal(listings.AskQuantity.Mantissa, listings.AskQuantity.Exponent),
                listings.Stale == Codecs.BooleanType.True));
        }

        return rows;
    }

    private static string Decimal(long mantissa, sbyte exponent) => exponent <= 0 ? Scaled(mantissa, -exponent) : mantissa.ToString(CultureInfo.InvariantCulture) + new string('0', exponent);

    private (string, object) Cancel(ReadOnlySpan<byte> message)
    {
        var cancel = Codecs.CancelOrderDecoder.WrapWithHeader(message, 0);
        return ("order", new OrderEvent(Now(), "cancel", (long)cancel.OrigClientOrderId, (long)cancel.AccountId, _catalog.InstrumentName(cancel.InstrumentId), Side(cancel.Side), string.Empty, string.Empty, "sent"));
    }

    private (string, object) Reject(ReadOnlySpan<byte> message)
    {
        var reject = Codecs.RejectDecoder.WrapWithHeader(message, 0);
        return ("order", new OrderEvent(Now(), "reject", (long)reject.ClientOrderId, (long)reject.AccountId, string.Empty, string.Empty, string.Empty, string.Empty, reject.Reason.ToString()));
    }

    private (string, object)? Fill(ReadOnlySpan<byte> message)
    {
        var transfer = Codecs.TransferPostedDecoder.WrapWithHeader(message, 0);
        if (transfer.Code != Codecs.TransferCode.TradeSettlement)
        {
            return null;
        }

        return ("fill", new FillEvent(Now(), (long)transfer.CauseSequence, (long)transfer.DebitAccountId, (long)transfer.CreditAccountId, _catalog.AssetName(transfer.AssetId), Scaled(transfer.Amount.Mantissa, _catalog.LedgerScale)));
    }

    private static (string, object)? AdminRefused(ReadOnlySpan<byte> message)
    {
        var result = Codecs.AdminResultDecoder.WrapWithHeader(message, 0);
        if (result.Applied == Codecs.BooleanType.True)
        {
            return null;
        }

        return ("alert", new AlertEvent(Now(), "warning", $"admin command refused (journal sequence {result.JournalSequence}, principal {result.PrincipalId}): {result.Result}: {result.TextAsString()}"));
    }

    private static (string, object) VenueAlert(ReadOnlySpan<byte> message)
    {
        var alert = Codecs.VenueAlertDecoder.WrapWithHeader(message, 0);
        bool isBreak = alert.Kind is Codecs.VenueAlertKind.BalanceBreak or Codecs.VenueAlertKind.PositionBreak;
        return ("alert", new AlertEvent(Now(), isBreak ? "critical" : "warning", $"venue {alert.VenueId} reconciliation: {alert.Kind} (account {alert.AccountId}): {alert.TextAsString()}"));
    }

    private async Task PumpEvents()
    {
        await foreach ((string method, object payload) in _events.Reader.ReadAllAsync(_stop.Token).ConfigureAwait(false))
        {
            _clients.OfferEvent(method, payload);
            Interlocked.Increment(ref _eventsSent);
        }
    }

    private async Task SendStates()
    {
        using var timer = new PeriodicTimer(s_stateInterval);
        while (await timer.WaitForNextTickAsync(_stop.Token).ConfigureAwait(false))
        {
            if (_clients.Count == 0)
            {
                continue;
            }

            try
            {
                await SendState().ConfigureAwait(false);
            }
            catch (EngineGoneException)
            {
                // Said by the alert below at the next tick; the status shows the engine as not attached.
            }
        }
    }

    private async Task SendState()
    {
        bool attached = _attached();
        if (attached != _wasAttached)
        {
            _wasAttached = attached;
            _events.Writer.TryWrite(("alert", new AlertEvent(Now(), attached ? "info" : "critical", attached ? "the engine serves the gateway again" : "the engine no longer serves the gateway")));
        }

        EngineProgressReading? progress = _telemetry.Current;
        byte[]? answer = attached ? await _askStatus(_stop.Token).ConfigureAwait(false) : null;
        if (answer is null)
        {
            Send("status", Status(null, progress, attached));
            return;
        }

        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            EngineStatusJson.Write(writer, answer, _catalog);
        }

        using JsonDocument document = JsonDocument.Parse(buffer.ToArray());
        JsonElement status = document.RootElement;
        Send("status", Status(status, progress, attached));
        Send("positions", Rows(status, "positions", p => new PositionRow(
            p.GetProperty("account").GetInt64(), Text(p, "instrument"), Text(p, "quantity"), Text(p, "averageEntryPrice"), Text(p, "realisedPnl"), Text(p, "unrealisedPnl"), Text(p, "fees"))));
        Send("risk", Rows(status, "limits", l => new LimitRow(
            Text(l, "scope"), Target(l), Text(l, "limit"), Text(l, "value"),
            l.TryGetProperty("used", out JsonElement used) ? used.GetString() ?? string.Empty : string.Empty,
            l.TryGetProperty("percent", out JsonElement percent) ? percent.GetDouble() : -1)));
        Send("orders", Rows(status, "orders", o => new OpenOrderRow(
            o.GetProperty("order").GetInt64(), o.GetProperty("account").GetInt64(), Text(o, "instrument"), o.GetProperty("strategy").GetInt64(), Text(o, "side"), Text(o, "price"), Text(o, "remaining"), Text(o, "state"))));
        Interlocked.Increment(ref _snapshotsSent);
    }

    private StatusUpdate Status(JsonElement? status, EngineProgressReading? progress, bool attached)
    {
        var accounts = new List<AccountState>();
        var instruments = new List<InstrumentState>();
        if (status is { } s)
        {
            foreach (JsonElement account in s.GetProperty("accounts").EnumerateArray())
            {
                accounts.Add(new AccountState(account.GetProperty("account").GetInt64(), account.GetProperty("killSwitch").GetBoolean(), Text(account, "tradingState")));
            }

            foreach (JsonElement instrument in s.GetProperty("instruments").EnumerateArray())
            {
                instruments.Add(new InstrumentState(Text(instrument, "instrument"), Text(instrument, "tradingState")));
            }
        }

        JsonElement counters = status is { } c ? c.GetProperty("counters") : default;
        return new StatusUpdate(
            Now(),
            attached,
            status is { } j ? j.GetProperty("journalSequence").GetInt64() : progress?.JournalSequence ?? 0,
            status is { } h ? Text(h, "stateHash") : string.Empty,
            progress?.InputsPerSecond ?? 0,
            progress?.JournalLag ?? 0,
            progress?.ApplyLag ?? 0,
            progress?.ReplicationLag,
            status is { } k && k.GetProperty("killSwitch").GetBoolean(),
            status is { } t ? Text(t, "tradingState") : "unknown",
            status is { } o ? o.GetProperty("openOrders").GetInt64() : 0,
            status is null ? 0 : counters.GetProperty("fills").GetInt64(),
            status is null ? 0 : counters.GetProperty("ordersAccepted").GetInt64(),
            status is null ? 0 : counters.GetProperty("ordersRefused").GetInt64(),
            _attachments(),
            accounts,
            instruments);
    }

    private void Send(string method, object payload) => _clients.OfferState(method, payload);

    private static List<T> Rows<T>(JsonElement status, string name, Func<JsonElement, T> row)
    {
        var rows = new List<T>();
        if (status.TryGetProperty(name, out JsonElement array) && array.ValueKind == JsonValueKind.Array)
        {
            foreach (JsonElement element in array.EnumerateArray())
            {
                rows.Add(row(element));
            }
        }

        return rows;
    }

    private static string Target(JsonElement limit)
    {
        foreach (string key in (ReadOnlySpan<string>)["instrument", "account", "strategy"])
        {
            if (limit.TryGetProperty(key, out JsonElement value))
            {
                return value.ValueKind == JsonValueKind.String ? value.GetString()! : value.GetRawText();
            }
        }

        return string.Empty;
    }

    private static string Text(JsonElement element, string key) =>
        element.TryGetProperty(key, out JsonElement value) ? (value.ValueKind == JsonValueKind.String ? value.GetString()! : value.GetRawText()) : string.Empty;

    private CatalogInstrument? Instrument(uint id) => _catalog.TryGetInstrument(_catalog.InstrumentName(id), out CatalogInstrument instrument) ? instrument : null;

    private static string Side(Codecs.Side side) => side == Codecs.Side.Buy ? "buy" : side == Codecs.Side.Sell ? "sell" : side.ToString();

    private static string Scaled(long mantissa, int? scale)
    {
        if (scale is not { } decimals)
        {
            return mantissa.ToString(CultureInfo.InvariantCulture);
        }

        ulong magnitude = mantissa < 0 ? unchecked((ulong)-mantissa) : (ulong)mantissa;
        return new decimal(unchecked((int)magnitude), unchecked((int)(magnitude >> 32)), 0, mantissa < 0, (byte)Math.Clamp(decimals, 0, 28)).ToString(CultureInfo.InvariantCulture);
    }

    private static string Now() => DateTimeOffset.UtcNow.UtcDateTime.ToString("O", CultureInfo.InvariantCulture);
}
