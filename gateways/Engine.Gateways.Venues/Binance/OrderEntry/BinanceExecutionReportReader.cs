using System.Buffers.Text;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using Engine.Gateways.Venues.Json;
using Engine.Primitives;

namespace Engine.Gateways.Venues.Binance.OrderEntry;

/// <summary>
/// Reads one message of Binance's user data stream (the UTF-8 text of one WebSocket message, as
/// <c>/ws/&lt;listenKey&gt;</c> sends it, or wrapped in <c>{"subscriptionId":..,"event":{..}}</c> as the WebSocket
/// API's subscription sends it) straight from its bytes with <see cref="Utf8JsonReader"/>: spot's
/// <c>executionReport</c>, or USD-M's <c>ORDER_TRADE_UPDATE</c> (the same one-letter fields, the order's inside
/// <c>o</c>; no <c>r</c>, and <c>n</c>/<c>N</c> only with a fill), into a <see cref="BinanceExecutionReport"/>, whatever
/// the order of its fields; other events (<c>outboundAccountPosition</c>, <c>ACCOUNT_UPDATE</c>, ...) recognised and
/// counted. The client order id becomes the engine's id when it is the configured prefix followed by
/// the id's digits (what <see cref="BinanceRequestWriter"/> sends as <c>newClientOrderId</c>).
/// <para>
/// Bad input (not JSON, a documented field missing, a number that is not one or has more decimals than the listing's
/// scale, an unknown execution type or status) is answered <see cref="BinanceUserEventKind.Malformed"/> with
/// <see cref="Error"/> naming the field; nothing is thrown. Allocation-free per message (its error texts are made
/// once); one thread (the adapter's duty cycle).
/// </para>
/// </summary>
public sealed partial class BinanceExecutionReportReader
{
    private const int MaxDepth = 8;

    // What the documentation shows in every executionReport; the rest (C, N, m, w, ...) may be absent or null.
    // Checked in the documentation's order, so the first missing one named is the first the reader of the message sees.
    private static readonly byte[] s_requiredFields = "eEscSqpxXrilzLnTt"u8.ToArray();
    private static readonly ulong s_required = Mask(s_requiredFields);
    private static readonly ulong s_requiredUsdM = Mask("eEscSqpxXilzLTt"u8.ToArray());
    private static readonly string?[] s_missing = new string?[52];
    private static readonly string?[] s_bad = new string?[52];

    private readonly byte[] _clientIdPrefix;

    static BinanceExecutionReportReader()
    {
        Describe('e', "event type", "a string");
        Describe('E', "event time", "an integer (milliseconds)");
        Describe('s', "symbol", $"a string of at most {BinanceReportText.Capacity} bytes");
        Describe('c', "client order id", $"a string of at most {BinanceReportText.Capacity} bytes");
        Describe('C', "original client order id", $"a string of at most {BinanceReportText.Capacity} bytes or null");
        Describe('S', "side", "BUY or SELL");
        Describe('q', "order quantity", "a decimal at the listing's quantity scale");
        Describe('p', "order price", "a decimal at the listing's price scale");
        Describe('x', "execution type", "NEW, CANCELED, REPLACED, REJECTED, TRADE, EXPIRED, TRADE_PREVENTION or AMENDMENT");
        Describe('X', "order status", "NEW, PENDING_NEW, PARTIALLY_FILLED, FILLED, CANCELED, PENDING_CANCEL, REJECTED, EXPIRED or EXPIRED_IN_MATCH");
        Describe('r', "reject reason", $"a string of at most {BinanceReportText.Capacity} bytes");
        Describe('i', "order id", "an integer");
        Describe('l', "last executed quantity", "a decimal at the listing's quantity scale");
        Describe('z', "cumulative filled quantity", "a decimal at the listing's quantity scale");
        Describe('L', "last executed price", "a decimal at the listing's price scale");
        Describe('n', "commission amount", $"a decimal of at most {BinanceExecutionReport.CommissionScale} decimals");
        Describe('N', "commission asset", $"a string of at most {BinanceReportText.Capacity} bytes or null");
        Describe('T', "transaction time", "an integer (milliseconds)");
        Describe('t', "trade id", "an integer");
        Describe('m', "is maker", "true or false");
        Describe('w', "is on the book", "true or false");
    }

    public BinanceExecutionReportReader(string clientIdPrefix)
    {
        if (clientIdPrefix is null || !ClientIdPrefixPattern().IsMatch(clientIdPrefix))
        {
            throw new ArgumentException($"the client order id prefix '{clientIdPrefix}' must be at most 16 of A-Z a-z 0-9 . _ -", nameof(clientIdPrefix));
        }

        _clientIdPrefix = Encoding.ASCII.GetBytes(clientIdPrefix);
    }

    public long ExecutionReports { get; private set; }

    public long AccountPositions { get; private set; }

    public long ListenKeyExpirations { get; private set; }

    public long OtherEvents { get; private set; }

    public long MalformedMessages { get; private set; }

    /// <summary>Why the last message was <see cref="BinanceUserEventKind.Malformed"/>; null after a good one.</summary>
    public string? Error { get; private set; }

    /// <summary>
    /// Reads <paramref name="message"/>; prices at <paramref name="priceScale"/> and quantities at
    /// <paramref name="quantityScale"/> (the listing's). <paramref name="report"/> is filled for an executionReport and
    /// default otherwise.
    /// </summary>
    public BinanceUserEventKind Read(ReadOnlySpan<byte> message, int priceScale, int quantityScale, out BinanceExecutionReport report)
    {
        ArgumentOutOfRangeException.ThrowIfGreaterThan((uint)priceScale, (uint)FixedPointMath.MaxScale, nameof(priceScale));
        ArgumentOutOfRangeException.ThrowIfGreaterThan((uint)quantityScale, (uint)FixedPointMath.MaxScale, nameof(quantityScale));
        report = default;
        var state = new State(priceScale, quantityScale);
        try
        {
            var reader = new Utf8JsonReader(message, new JsonReaderOptions { MaxDepth = MaxDepth });
            if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
            {
                return Fail("a user data stream message must be a JSON object", out report);
            }

            if (!ReadObject(ref reader, ref report, ref state, nested: false))
            {
                return Fail("the message is not a well-formed JSON object", out report);
            }
        }
        catch (JsonException)
        {
            return Fail("the message is not well-formed JSON", out report);
        }

        switch (state.Kind)
        {
            case BinanceUserEventKind.ExecutionReport:
                ulong missing = (state.UsdM ? s_requiredUsdM : s_required) & ~state.Seen;
                if (missing != 0)
                {
                    return Fail(FirstMissing(missing), out report);
                }

                if (state.BadField >= 0)
                {
                    return Fail(s_bad[state.BadField]!, out report);
                }

                ExecutionReports++;
                Error = null;
                return BinanceUserEventKind.ExecutionReport;
            case BinanceUserEventKind.AccountPosition:
                AccountPositions++;
                break;
            case BinanceUserEventKind.ListenKeyExpired:
                ListenKeyExpirations++;
                break;
            case BinanceUserEventKind.Other:
                OtherEvents++;
                break;
            default:
                return Fail("the message has no event type 'e'", out report);
        }

        report = default;
        Error = null;
        return state.Kind;
    }

    private BinanceUserEventKind Fail(string reason, out BinanceExecutionReport report)
    {
        report = default;
        Error = reason;
        MalformedMessages++;
        return BinanceUserEventKind.Malformed;
    }

    /// <summary>The properties of the object the reader is at; false when it is not a well-formed object.</summary>
    private bool ReadObject(ref Utf8JsonReader reader, ref BinanceExecutionReport report, ref State state, bool nested)
    {
        while (reader.Read())
        {
            if (reader.TokenType == JsonTokenType.EndObject)
            {
                return true;
            }

            if (reader.TokenType != JsonTokenType.PropertyName)
            {
                return false;
            }

            bool escaped = reader.ValueIsEscaped;
            ReadOnlySpan<byte> name = reader.ValueSpan;
            if (!reader.Read())
            {
                return false;
            }

            // The WebSocket API's wrapper ("event"), or USD-M's order ("o"; spot's "o" is the order type, a string).
            if (!escaped && reader.TokenType == JsonTokenType.StartObject && ((!nested && name.SequenceEqual("event"u8)) || name.SequenceEqual("o"u8)))
            {
                if (!ReadObject(ref reader, ref report, ref state, nested: true))
                {
                    return false;
                }

                continue;
            }

            int bit = name.Length == 1 && !escaped ? Bit(name[0]) : -1;
            if (reader.TokenType is JsonTokenType.StartObject or JsonTokenType.StartArray)
            {
                // Containers (outboundAccountPosition's B) are not read yet; a documented scalar field holding one is bad.
                state.Mark(bit, ok: bit < 0 || s_bad[bit] is null);
                reader.Skip();
                continue;
            }

            if (bit >= 0)
            {
                state.Mark(bit, ReadField(name[0], ref reader, ref report, ref state));
            }
        }

        return false;
    }

    /// <summary>One scalar field; false when its value is not what the documentation says.</summary>
    private bool ReadField(byte name, ref Utf8JsonReader reader, ref BinanceExecutionReport report, ref State state)
    {
        switch (name)
        {
            case (byte)'e':
                state.Kind = Kind(ref reader, out state.UsdM);
                return reader.TokenType == JsonTokenType.String;
            case (byte)'E':
                return VenueJson.TryReadInt64(ref reader, out report.EventTimeMillis);
            case (byte)'T':
                return VenueJson.TryReadInt64(ref reader, out report.TransactionTimeMillis);
            case (byte)'i':
                return VenueJson.TryReadInt64(ref reader, out report.VenueOrderId);
            case (byte)'t':
                return VenueJson.TryReadInt64(ref reader, out report.TradeId);
            case (byte)'s':
                return TryReadText(ref reader, ref report.Symbol, nullable: false);
            case (byte)'r':
                return TryReadText(ref reader, ref report.RejectReason, nullable: false);
            case (byte)'N':
                return TryReadText(ref reader, ref report.CommissionAsset, nullable: true);
            case (byte)'c':
                return TryReadText(ref reader, ref report.ClientOrderId, nullable: false)
                    && SetEngineId(report.ClientOrderId.Span, out report.EngineOrderId, out report.IsEngineOrder);
            case (byte)'C':
                return TryReadText(ref reader, ref report.OrigClientOrderId, nullable: true)
                    && SetEngineId(report.OrigClientOrderId.Span, out report.EngineOrigOrderId, out report.IsEngineOrigOrder);
            case (byte)'S':
                return TryReadSide(ref reader, out report.Side);
            case (byte)'x':
                report.ExecutionType = ExecutionType(ref reader);
                return report.ExecutionType != BinanceExecutionType.None;
            case (byte)'X':
                report.OrderStatus = OrderStatus(ref reader);
                return report.OrderStatus != BinanceOrderStatus.None;
            case (byte)'p':
                return VenueJson.TryReadUnsigned(ref reader, state.PriceScale, out report.Price, out _);
            case (byte)'L':
                return VenueJson.TryReadUnsigned(ref reader, state.PriceScale, out report.LastPrice, out _);
            case (byte)'q':
                return VenueJson.TryReadUnsigned(ref reader, state.QuantityScale, out report.Quantity, out _);
            case (byte)'l':
                return VenueJson.TryReadUnsigned(ref reader, state.QuantityScale, out report.LastQuantity, out _);
            case (byte)'z':
                return VenueJson.TryReadUnsigned(ref reader, state.QuantityScale, out report.CumulativeQuantity, out _);
            case (byte)'n':
                return VenueJson.TryReadUnsigned(ref reader, BinanceExecutionReport.CommissionScale, out report.Commission, out _);
            case (byte)'m':
                return TryReadBoolean(ref reader, out report.IsMaker);
            case (byte)'w':
                return TryReadBoolean(ref reader, out report.IsWorking);
            default:
                return true;
        }
    }

    /// <summary>The engine's id in a client order id: the prefix, then 1 to 20 digits that fit a ulong. Another id is not an error.</summary>
    private bool SetEngineId(ReadOnlySpan<byte> clientOrderId, out ulong id, out bool isEngine)
    {
        id = 0;
        isEngine = false;
        if (!clientOrderId.StartsWith(_clientIdPrefix))
        {
            return true;
        }

        ReadOnlySpan<byte> digits = clientOrderId[_clientIdPrefix.Length..];
        if (digits.IsEmpty || digits.Length > 20 || digits.ContainsAnyExceptInRange((byte)'0', (byte)'9'))
        {
            return true;
        }

        isEngine = Utf8Parser.TryParse(digits, out id, out int consumed) && consumed == digits.Length;
        return true;
    }

    private static bool TryReadSide(ref Utf8JsonReader reader, out Side side)
    {
        side = Side.Buy;
        if (reader.TokenType != JsonTokenType.String || reader.ValueIsEscaped)
        {
            return false;
        }

        if (reader.ValueSpan.SequenceEqual("SELL"u8))
        {
            side = Side.Sell;
            return true;
        }

        return reader.ValueSpan.SequenceEqual("BUY"u8);
    }

    private static bool TryReadText(ref Utf8JsonReader reader, ref BinanceReportText text, bool nullable)
    {
        if (reader.TokenType == JsonTokenType.Null)
        {
            return nullable;
        }

        return reader.TokenType == JsonTokenType.String && !reader.ValueIsEscaped && !reader.HasValueSequence && text.TrySet(reader.ValueSpan);
    }

    private static bool TryReadBoolean(ref Utf8JsonReader reader, out bool value)
    {
        value = reader.TokenType == JsonTokenType.True;
        return reader.TokenType is JsonTokenType.True or JsonTokenType.False;
    }

    /// <summary>A one-letter field's bit: A-Z are 0-25, a-z 26-51; -1 for anything else.</summary>
    private static int Bit(byte name) => name switch
    {
        >= (byte)'A' and <= (byte)'Z' => name - 'A',
        >= (byte)'a' and <= (byte)'z' => name - 'a' + 26,
        _ => -1,
    };

    private static ulong Mask(byte[] fields)
    {
        ulong mask = 0;
        foreach (byte field in fields)
        {
            mask |= 1UL << Bit(field);
        }

        return mask;
    }

    private static string FirstMissing(ulong missing)
    {
        foreach (byte field in s_requiredFields)
        {
            if ((missing & (1UL << Bit(field))) != 0)
            {
                return s_missing[Bit(field)]!;
            }
        }

        return "executionReport lacks a documented field";
    }

    private static void Describe(char field, string meaning, string expected)
    {
        int bit = Bit((byte)field);
        s_missing[bit] = $"executionReport has no '{field}' ({meaning})";
        s_bad[bit] = $"executionReport's '{field}' ({meaning}) is not {expected}";
    }

    [GeneratedRegex(@"^[A-Za-z0-9._-]{1,16}$")]
    private static partial Regex ClientIdPrefixPattern();

    /// <summary>What one message's pass has found so far.</summary>
    private struct State(int priceScale, int quantityScale)
    {
        public readonly int PriceScale = priceScale;
        public readonly int QuantityScale = quantityScale;
        public ulong Seen;
        public int BadField = -1;
        public BinanceUserEventKind Kind = BinanceUserEventKind.Malformed;
        public bool UsdM;

        /// <summary>Records a documented field as seen, and the first one whose value was bad.</summary>
        public void Mark(int bit, bool ok)
        {
            if (bit < 0)
            {
                return;
            }

            Seen |= 1UL << bit;
            if (!ok && BadField < 0)
            {
                BadField = bit;
            }
        }
    }
}
