using System.Text;
using Engine.Gateways.Venues.Binance.OrderEntry;
using Engine.Primitives;
using NUnit.Framework;

namespace Engine.Gateways.Venues.Tests.OrderEntry;

/// <summary>
/// <see cref="BinanceExecutionReportReader"/> on messages written by hand from Binance's "User Data Streams"
/// documentation: the documented executionReport example, a fill of one of our orders, the wrapped form, the other
/// events, bad input named by field, and no allocation per message.
/// </summary>
[TestFixture]
public sealed class BinanceExecutionReportReaderTests
{
    // The "Order Update" payload of Binance's spot documentation, field for field.
    private const string DocumentedNew = """
        {
          "e": "executionReport", "E": 1499405658658, "s": "ETHBTC", "c": "mUvoqJxFIILMdfAW5iGSOW", "S": "BUY",
          "o": "LIMIT", "f": "GTC", "q": "1.00000000", "p": "0.10264410", "P": "0.00000000", "F": "0.00000000",
          "g": -1, "C": "", "x": "NEW", "X": "NEW", "r": "NONE", "i": 4293153, "l": "0.00000000", "z": "0.00000000",
          "L": "0.00000000", "n": "0", "N": null, "T": 1499405658657, "t": -1, "v": 3, "I": 8641984, "w": true,
          "m": false, "M": false, "O": 1499405658657, "Z": "0.00000000", "Y": "0.00000000", "Q": "0.00000000",
          "W": 1499405658657, "V": "NONE"
        }
        """;

    private const string OurFill = """
        {"e":"executionReport","E":1700000000123,"s":"BTCUSDT","c":"eng17","S":"SELL","o":"LIMIT","f":"GTC",
        "q":"0.00200000","p":"61000.50000000","P":"0.00000000","F":"0.00000000","g":-1,"C":"","x":"TRADE",
        "X":"PARTIALLY_FILLED","r":"NONE","i":99,"l":"0.00100000","z":"0.00100000","L":"61000.50000000",
        "n":"0.06100050","N":"USDT","T":1700000000120,"t":555,"I":12,"w":true,"m":true,"M":true,
        "O":1700000000000,"Z":"61.00050000","Y":"61.00050000","Q":"0.00000000","W":1700000000000,"V":"EXPIRE_MAKER"}
        """;

    [Test]
    public void Documented_executionReport_example_reads_field_for_field()
    {
        var reader = new BinanceExecutionReportReader("eng");

        BinanceUserEventKind kind = reader.Read(Encoding.UTF8.GetBytes(DocumentedNew), priceScale: 8, quantityScale: 8, out BinanceExecutionReport report);

        Assert.That(kind, Is.EqualTo(BinanceUserEventKind.ExecutionReport), reader.Error);
        Assert.That(report.EventTimeMillis, Is.EqualTo(1499405658658));
        Assert.That(report.TransactionTimeMillis, Is.EqualTo(1499405658657));
        Assert.That(report.Symbol.ToString(), Is.EqualTo("ETHBTC"));
        Assert.That(report.ClientOrderId.ToString(), Is.EqualTo("mUvoqJxFIILMdfAW5iGSOW"));
        Assert.That(report.IsEngineOrder, Is.False, "not our prefix: another client's order");
        Assert.That(report.OrigClientOrderId.IsEmpty, Is.True);
        Assert.That(report.Side, Is.EqualTo(Side.Buy));
        Assert.That((report.Quantity, report.Price), Is.EqualTo((100_000_000L, 10_264_410L)));
        Assert.That((report.ExecutionType, report.OrderStatus), Is.EqualTo((BinanceExecutionType.New, BinanceOrderStatus.New)));
        Assert.That(report.RejectReason.ToString(), Is.EqualTo("NONE"));
        Assert.That(report.VenueOrderId, Is.EqualTo(4293153));
        Assert.That((report.LastQuantity, report.CumulativeQuantity, report.LastPrice, report.Commission), Is.EqualTo((0L, 0L, 0L, 0L)));
        Assert.That(report.CommissionAsset.IsEmpty, Is.True);
        Assert.That(report.TradeId, Is.EqualTo(-1));
        Assert.That((report.IsWorking, report.IsMaker), Is.EqualTo((true, false)));
    }

    [Test]
    public void Fill_of_an_engine_order_gives_its_id_and_the_fill_in_fixed_point_at_the_listing_scales()
    {
        var reader = new BinanceExecutionReportReader("eng");

        Assert.That(reader.Read(Encoding.UTF8.GetBytes(OurFill), priceScale: 2, quantityScale: 5, out BinanceExecutionReport report), Is.EqualTo(BinanceUserEventKind.ExecutionReport), reader.Error);

        Assert.That((report.IsEngineOrder, report.EngineOrderId), Is.EqualTo((true, 17UL)));
        Assert.That((report.ExecutionType, report.OrderStatus), Is.EqualTo((BinanceExecutionType.Trade, BinanceOrderStatus.PartiallyFilled)));
        Assert.That(report.Side, Is.EqualTo(Side.Sell));
        Assert.That((report.LastPrice, report.LastQuantity, report.CumulativeQuantity), Is.EqualTo((6_100_050L, 100L, 100L)));
        Assert.That(report.Commission, Is.EqualTo(6_100_050L));
        Assert.That(report.CommissionAsset.ToString(), Is.EqualTo("USDT"));
        Assert.That((report.TradeId, report.IsMaker), Is.EqualTo((555L, true)));
    }

    [Test]
    public void Event_wrapped_by_a_WebSocket_API_subscription_reads_the_same()
    {
        var reader = new BinanceExecutionReportReader("eng");
        string wrapped = $$"""{"subscriptionId":0,"event":{{OurFill}}}""";

        Assert.That(reader.Read(Encoding.UTF8.GetBytes(wrapped), 2, 5, out BinanceExecutionReport report), Is.EqualTo(BinanceUserEventKind.ExecutionReport), reader.Error);
        Assert.That(report.EngineOrderId, Is.EqualTo(17UL));
    }

    [Test]
    public void Account_position_and_listen_key_expiry_are_recognised_and_counted()
    {
        var reader = new BinanceExecutionReportReader("eng");
        byte[] position = """{"e":"outboundAccountPosition","E":1564034571105,"u":1564034571073,"B":[{"a":"ETH","f":"10000.000000","l":"0.000000"}]}"""u8.ToArray();
        byte[] expired = """{"e":"listenKeyExpired","E":1576653824250,"listenKey":"OfYGbUzi3PraNagEkdKuFwUHn48brFsItTdsuiIXrucEvD0rhRXZ7I6URWfE8YE8"}"""u8.ToArray();
        byte[] balance = """{"e":"balanceUpdate","E":1573200697110,"a":"BTC","d":"100.00000000","T":1573200697068}"""u8.ToArray();

        Assert.That(reader.Read(position, 2, 5, out _), Is.EqualTo(BinanceUserEventKind.AccountPosition));
        Assert.That(reader.Read(expired, 2, 5, out _), Is.EqualTo(BinanceUserEventKind.ListenKeyExpired));
        Assert.That(reader.Read(balance, 2, 5, out _), Is.EqualTo(BinanceUserEventKind.Other));
        Assert.That((reader.AccountPositions, reader.ListenKeyExpirations, reader.OtherEvents, reader.MalformedMessages), Is.EqualTo((1L, 1L, 1L, 0L)));
    }

    [TestCase("""{"e":"executionReport","E":1}""", "executionReport has no 's' (symbol)")]
    [TestCase("not json", "the message is not well-formed JSON")]
    [TestCase("[1,2]", "a user data stream message must be a JSON object")]
    [TestCase("""{"E":1}""", "the message has no event type 'e'")]
    public void Bad_input_is_malformed_with_the_reason_not_an_exception(string message, string reason)
    {
        var reader = new BinanceExecutionReportReader("eng");

        Assert.That(reader.Read(Encoding.UTF8.GetBytes(message), 2, 5, out _), Is.EqualTo(BinanceUserEventKind.Malformed));
        Assert.That(reader.Error, Is.EqualTo(reason));
        Assert.That(reader.MalformedMessages, Is.EqualTo(1));
    }

    [TestCase("\"L\":\"61000.50000000\"", "\"L\":\"sixty\"", "executionReport's 'L' (last executed price) is not a decimal at the listing's price scale")]
    [TestCase("\"L\":\"61000.50000000\"", "\"L\":\"61000.505\"", "executionReport's 'L' (last executed price) is not a decimal at the listing's price scale")]
    [TestCase("\"z\":\"0.00100000\"", "\"z\":null", "executionReport's 'z' (cumulative filled quantity) is not a decimal at the listing's quantity scale")]
    [TestCase("\"x\":\"TRADE\"", "\"x\":\"SOMETHING\"", "executionReport's 'x' (execution type) is not NEW, CANCELED, REPLACED, REJECTED, TRADE, EXPIRED, TRADE_PREVENTION or AMENDMENT")]
    [TestCase("\"i\":99", "\"i\":\"x\"", "executionReport's 'i' (order id) is not an integer")]
    [TestCase("\"t\":555,", "", "executionReport has no 't' (trade id)")]
    public void Bad_field_of_an_executionReport_is_named_in_the_error(string field, string replacement, string reason)
    {
        var reader = new BinanceExecutionReportReader("eng");
        string message = OurFill.Replace(field, replacement, StringComparison.Ordinal);
        Assert.That(message, Is.Not.EqualTo(OurFill));

        Assert.That(reader.Read(Encoding.UTF8.GetBytes(message), 2, 5, out BinanceExecutionReport report), Is.EqualTo(BinanceUserEventKind.Malformed));
        Assert.That(reader.Error, Is.EqualTo(reason));
        Assert.That(report.VenueOrderId, Is.Zero, "a malformed message leaves no half-read report");
    }

    [Test]
    public void Reading_a_message_allocates_nothing_after_warm_up()
    {
        var reader = new BinanceExecutionReportReader("eng");
        byte[] fill = Encoding.UTF8.GetBytes(OurFill);
        byte[] documented = Encoding.UTF8.GetBytes(DocumentedNew);
        byte[] bad = Encoding.UTF8.GetBytes(OurFill.Replace("\"L\":\"61000.50000000\"", "\"L\":\"x\"", StringComparison.Ordinal));
        long checksum = 0;
        for (int i = 0; i < 1_000; i++)
        {
            checksum += Read(reader, fill, documented, bad);
        }

        long before = GC.GetAllocatedBytesForCurrentThread();
        for (int i = 0; i < 10_000; i++)
        {
            checksum += Read(reader, fill, documented, bad);
        }

        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        Assert.That(allocated, Is.Zero);
        Assert.That(checksum, Is.EqualTo(11_000L * (555 + 4293153)), "every message was read");
        Assert.That(reader.MalformedMessages, Is.EqualTo(11_000));
    }

    private static long Read(BinanceExecutionReportReader reader, byte[] fill, byte[] documented, byte[] bad)
    {
        reader.Read(fill, 2, 5, out BinanceExecutionReport first);
        reader.Read(documented, 8, 8, out BinanceExecutionReport second);
        reader.Read(bad, 2, 5, out _);
        return first.TradeId + second.VenueOrderId;
    }
}
