using System.Text;
using Engine.Gateways.Venues.Binance.OrderEntry;
using Engine.Primitives;
using NUnit.Framework;

namespace Engine.Gateways.Venues.Tests.OrderEntry;

/// <summary>
/// <see cref="BinanceExecutionReportReader"/> on USD-M's user data stream, messages written by hand from Binance's
/// "Event: Order Update" and "Event: Balance and Position Update" pages: the documented ORDER_TRADE_UPDATE example, a
/// fill of one of our orders (the order's fields inside <c>o</c>, commission only with the fill), an amendment, bad
/// input named by field, ACCOUNT_UPDATE counted, and no allocation per message.
/// </summary>
[TestFixture]
public sealed class BinanceOrderTradeUpdateReaderTests
{
    // The example of Binance's USD-M documentation (a trailing stop's NEW), field for field.
    private const string Documented = """
        {"e":"ORDER_TRADE_UPDATE","E":1568879465651,"T":1568879465650,"o":{"s":"BTCUSDT","c":"TEST","S":"SELL",
        "o":"TRAILING_STOP_MARKET","f":"GTC","q":"0.001","p":"0","ap":"0","sp":"7103.04","x":"NEW","X":"NEW","i":8886774,
        "l":"0","z":"0","L":"0","N":"USDT","n":"0","T":1568879465650,"t":0,"b":"0","a":"9.91","m":false,"R":false,
        "wt":"CONTRACT_PRICE","ot":"TRAILING_STOP_MARKET","ps":"LONG","cp":false,"AP":"7476.89","cr":"5.0","pP":false,
        "si":0,"ss":0,"rp":"0","V":"EXPIRE_TAKER","pm":"OPPONENT","gtd":0,"er":"0"}}
        """;

    private const string OurFill = """
        {"e":"ORDER_TRADE_UPDATE","E":1700000000123,"T":1700000000120,"o":{"s":"BTCUSDT","c":"e17","S":"BUY",
        "o":"LIMIT","f":"GTC","q":"0.010","p":"50000.0","ap":"50000.0","sp":"0.0","x":"TRADE","X":"PARTIALLY_FILLED",
        "i":99,"l":"0.004","z":"0.004","L":"50000.0","N":"USDT","n":"0.04000000","T":1700000000121,"t":555,
        "b":"300.00000000","a":"0.00000000","m":true,"R":false,"wt":"CONTRACT_PRICE","ot":"LIMIT","ps":"BOTH",
        "cp":false,"rp":"0.00000000","pP":false,"si":0,"ss":0,"V":"NONE","pm":"NONE","gtd":0,"er":0}}
        """;

    private const string Amended = """
        {"e":"ORDER_TRADE_UPDATE","E":1700000000200,"T":1700000000200,"o":{"s":"BTCUSDT","c":"e17","S":"BUY",
        "o":"LIMIT","f":"GTC","q":"0.020","p":"49900.0","ap":"0","sp":"0","x":"AMENDMENT","X":"NEW","i":99,"l":"0",
        "z":"0","L":"0","T":1700000000200,"t":0,"m":false,"R":false,"ps":"BOTH"}}
        """;

    private const string AccountUpdate = """
        {"e":"ACCOUNT_UPDATE","E":1564745798939,"T":1564745798938,"a":{"m":"ORDER","B":[{"a":"USDT","wb":"122624.12345678",
        "cw":"100.12345678","bc":"50.12345678"}],"P":[{"s":"BTCUSDT","pa":"0","ep":"0.00000","bep":"0","cr":"200",
        "up":"0","mt":"isolated","iw":"0.00000000","ps":"BOTH"}]}}
        """;

    [Test]
    public void Documented_example_reads_as_an_order_update_whatever_its_extra_fields()
    {
        var reader = new BinanceExecutionReportReader("e");

        BinanceUserEventKind kind = reader.Read(Encoding.UTF8.GetBytes(Documented), 2, 3, out BinanceExecutionReport report);

        Assert.That(kind, Is.EqualTo(BinanceUserEventKind.ExecutionReport), reader.Error);
        Assert.That(report.Symbol.ToString(), Is.EqualTo("BTCUSDT"));
        Assert.That(report.ClientOrderId.ToString(), Is.EqualTo("TEST"));
        Assert.That(report.IsEngineOrder, Is.False);
        Assert.That((report.Side, report.ExecutionType, report.OrderStatus), Is.EqualTo((Side.Sell, BinanceExecutionType.New, BinanceOrderStatus.New)));
        Assert.That((report.VenueOrderId, report.Quantity, report.EventTimeMillis, report.TransactionTimeMillis), Is.EqualTo((8886774L, 1L, 1568879465651L, 1568879465650L)));
    }

    [Test]
    public void Fill_of_an_engine_order_gives_its_id_the_fill_and_the_commission_in_fixed_point()
    {
        var reader = new BinanceExecutionReportReader("e");

        BinanceUserEventKind kind = reader.Read(Encoding.UTF8.GetBytes(OurFill), 1, 3, out BinanceExecutionReport report);

        Assert.That(kind, Is.EqualTo(BinanceUserEventKind.ExecutionReport), reader.Error);
        Assert.That((report.IsEngineOrder, report.EngineOrderId, report.IsEngineOrigOrder), Is.EqualTo((true, 17UL, false)));
        Assert.That((report.ExecutionType, report.OrderStatus), Is.EqualTo((BinanceExecutionType.Trade, BinanceOrderStatus.PartiallyFilled)));
        Assert.That((report.LastPrice, report.LastQuantity, report.CumulativeQuantity, report.Price, report.Quantity), Is.EqualTo((500_000L, 4L, 4L, 500_000L, 10L)));
        Assert.That((report.Commission, report.CommissionAsset.ToString(), report.TradeId, report.IsMaker), Is.EqualTo((4_000_000L, "USDT", 555L, true)));
        Assert.That(report.TransactionTimeMillis, Is.EqualTo(1700000000121L), "the order's trade time");
    }

    [Test]
    public void Amendment_without_commission_fields_is_an_order_update_of_its_own_kind()
    {
        var reader = new BinanceExecutionReportReader("e");

        BinanceUserEventKind kind = reader.Read(Encoding.UTF8.GetBytes(Amended), 1, 3, out BinanceExecutionReport report);

        Assert.That(kind, Is.EqualTo(BinanceUserEventKind.ExecutionReport), reader.Error);
        Assert.That((report.ExecutionType, report.Price, report.Quantity), Is.EqualTo((BinanceExecutionType.Amendment, 499_000L, 20L)));
    }

    [Test]
    public void Bad_or_missing_order_fields_are_malformed_with_the_field_named_and_ACCOUNT_UPDATE_is_counted()
    {
        var reader = new BinanceExecutionReportReader("e");

        Assert.That(reader.Read(Encoding.UTF8.GetBytes(OurFill.Replace("\"x\":\"TRADE\",", string.Empty, StringComparison.Ordinal)), 1, 3, out _), Is.EqualTo(BinanceUserEventKind.Malformed));
        Assert.That(reader.Error, Does.Contain("'x' (execution type)"));
        Assert.That(reader.Read(Encoding.UTF8.GetBytes(OurFill.Replace("\"L\":\"50000.0\"", "\"L\":\"50000.05\"", StringComparison.Ordinal)), 1, 3, out _), Is.EqualTo(BinanceUserEventKind.Malformed));
        Assert.That(reader.Error, Does.Contain("'L' (last executed price)"));
        Assert.That(reader.Read(Encoding.UTF8.GetBytes("{\"e\":\"ORDER_TRADE_UPDATE\",\"o\":"), 1, 3, out _), Is.EqualTo(BinanceUserEventKind.Malformed));

        Assert.That(reader.Read(Encoding.UTF8.GetBytes(AccountUpdate), 1, 3, out _), Is.EqualTo(BinanceUserEventKind.AccountPosition), reader.Error);
        Assert.That((reader.AccountPositions, reader.MalformedMessages), Is.EqualTo((1L, 3L)));
    }

    [Test]
    public void Reading_order_updates_allocates_nothing_after_warm_up()
    {
        var reader = new BinanceExecutionReportReader("e");
        byte[] fill = Encoding.UTF8.GetBytes(OurFill);
        byte[] account = Encoding.UTF8.GetBytes(AccountUpdate);
        long checksum = 0;
        for (int i = 0; i < 1_000; i++)
        {
            checksum += Read(reader, fill, account);
        }

        long before = GC.GetAllocatedBytesForCurrentThread();
        for (int i = 0; i < 10_000; i++)
        {
            checksum += Read(reader, fill, account);
        }

        Assert.That(GC.GetAllocatedBytesForCurrentThread() - before, Is.Zero);
        Assert.That(checksum, Is.EqualTo(11_000L * 555), "every message was read");
    }

    private static long Read(BinanceExecutionReportReader reader, byte[] fill, byte[] account)
    {
        reader.Read(fill, 1, 3, out BinanceExecutionReport report);
        reader.Read(account, 1, 3, out _);
        return report.TradeId;
    }
}
