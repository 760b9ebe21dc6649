using System.Globalization;
using System.Text;
using System.Text.Json;

namespace Engine.Cli.Tests.Support;

/// <summary>
/// The order book a test server keeps from a recorded Binance session, as Binance itself would: a REST snapshot, then
/// every depth event newer than it applied in order (a quantity of zero removes the level). It answers REST depth
/// requests with its current state, and gives the test the top the gateway's engine book must end with.
/// </summary>
internal sealed class BinanceServerBook
{
    // Price → the price and quantity strings as Binance wrote them (so a snapshot is written back the same way).
    private readonly SortedDictionary<decimal, (string Price, string Quantity)> _bids = new(Comparer<decimal>.Create((x, y) => y.CompareTo(x)));
    private readonly SortedDictionary<decimal, (string Price, string Quantity)> _asks = [];

    public long LastUpdateId { get; private set; }

    public static BinanceServerBook FromSnapshot(ReadOnlySpan<byte> json)
    {
        using JsonDocument document = JsonDocument.Parse(json.ToArray());
        JsonElement root = document.RootElement;
        var book = new BinanceServerBook { LastUpdateId = root.GetProperty("lastUpdateId").GetInt64() };
        Set(book._bids, root.GetProperty("bids"));
        Set(book._asks, root.GetProperty("asks"));
        return book;
    }

    /// <summary>Applies a combined-stream depth event unless the book already holds it (<c>u &lt;= lastUpdateId</c>); true if applied.</summary>
    public bool Apply(JsonElement depthEvent)
    {
        long final = depthEvent.GetProperty("u").GetInt64();
        if (final <= LastUpdateId)
        {
            return false;
        }

        Set(_bids, depthEvent.GetProperty("b"));
        Set(_asks, depthEvent.GetProperty("a"));
        LastUpdateId = final;
        return true;
    }

    /// <summary>The REST depth response: <c>{"lastUpdateId":..,"bids":[[p,q],..],"asks":[..]}</c>, at most <paramref name="limit"/> levels a side.</summary>
    public byte[] ToSnapshotJson(int limit)
    {
        var json = new StringBuilder();
        json.Append(CultureInfo.InvariantCulture, $"{{\"lastUpdateId\":{LastUpdateId},\"bids\":[");
        Append(json, _bids, limit);
        json.Append("],\"asks\":[");
        Append(json, _asks, limit);
        json.Append("]}");
        return Encoding.UTF8.GetBytes(json.ToString());
    }

    /// <summary>The best levels of a side as the verifier reports them: "61837.63@3.78826".</summary>
    public IEnumerable<string> Top(bool bids, int depth) =>
        (bids ? _bids : _asks).Take(depth).Select(level => $"{Trim(level.Value.Price)}@{Trim(level.Value.Quantity)}");

    private static void Set(SortedDictionary<decimal, (string Price, string Quantity)> side, JsonElement levels)
    {
        foreach (JsonElement level in levels.EnumerateArray())
        {
            string price = level[0].GetString()!;
            string quantity = level[1].GetString()!;
            decimal key = decimal.Parse(price, CultureInfo.InvariantCulture);
            if (decimal.Parse(quantity, CultureInfo.InvariantCulture) == 0)
            {
                side.Remove(key);
            }
            else
            {
                side[key] = (price, quantity);
            }
        }
    }

    private static void Append(StringBuilder json, SortedDictionary<decimal, (string Price, string Quantity)> side, int limit)
    {
        bool first = true;
        foreach ((string price, string quantity) in side.Values.Take(limit))
        {
            json.Append(first ? "[\"" : ",[\"").Append(price).Append("\",\"").Append(quantity).Append("\"]");
            first = false;
        }
    }

    private static string Trim(string number) =>
        decimal.Parse(number, CultureInfo.InvariantCulture).ToString("0.############", CultureInfo.InvariantCulture);
}
