using System.Globalization;
using System.Text;
using System.Text.Json;

namespace Engine.Cli.Commands;

/// <summary>
/// <c>engine admin status</c> for people: the admin gateway's status JSON as a few aligned lines (switches, counters,
/// accounts, cash, positions, the limits in force per scope and the open orders). Stateless.
/// </summary>
public static class AdminStatusText
{
    public static void Write(TextWriter output, JsonElement status)
    {
        ArgumentNullException.ThrowIfNull(output);
        output.WriteLine($"engine      journal sequence {Number(status, "journalSequence")}, time {Text(status, "time")}, StateHash {Text(status, "stateHash")}");
        output.WriteLine($"switches    kill switch {(status.GetProperty("killSwitch").GetBoolean() ? "ENGAGED" : "off")}, trading {Text(status, "tradingState")}");
        JsonElement counters = status.GetProperty("counters");
        output.WriteLine(
            $"counters    market data {Number(counters, "marketData")}, orders accepted {Number(counters, "ordersAccepted")}, refused {Number(counters, "ordersRefused")}, " +
            $"fills {Number(counters, "fills")}, malformed inputs {Number(counters, "malformedInputs")}, admin refused {Number(counters, "adminRefused")}, accounting breaks {Number(counters, "accountingBreaks")}, " +
            $"venue breaks {Number(counters, "venueBreaks")}, duplicate fills {Number(counters, "duplicateFills")}");
        WriteList(output, "accounts", status, "accounts", a => $"{Number(a, "account")} {Text(a, "tradingState")}{(a.GetProperty("killSwitch").GetBoolean() ? " KILLED" : string.Empty)}");
        WriteList(output, "instruments", status, "instruments", i => $"{Text(i, "instrument")} {Text(i, "tradingState")}");
        WriteLines(output, "cash", status, "balances", b => $"account {Number(b, "account")} {Text(b, "asset")} {Text(b, "available")}");
        WriteLines(output, "positions", status, "positions", p =>
            $"account {Number(p, "account")} {Text(p, "instrument")} {Text(p, "quantity")} @ {Text(p, "averageEntryPrice")}, realised {Text(p, "realisedPnl")}, unrealised {Text(p, "unrealisedPnl")}, fees {Text(p, "fees")}");
        WriteLimits(output, status);
        WriteLines(output, "open orders", status, "orders", o =>
            $"order {Number(o, "order")} account {Number(o, "account")} {Text(o, "instrument")} {Text(o, "side")} {Text(o, "remaining")} @ {Text(o, "price")} {Text(o, "state")} (strategy {Number(o, "strategy")})");
    }

    /// <summary>One line per scope: <c>instrument BTC-USDT: maxOrderSize 0.5, ...</c>.</summary>
    private static void WriteLimits(TextWriter output, JsonElement status)
    {
        if (!status.TryGetProperty("limits", out JsonElement limits) || limits.GetArrayLength() == 0)
        {
            output.WriteLine("limits      none");
            return;
        }

        output.WriteLine("limits");
        string? scope = null;
        var line = new StringBuilder();
        foreach (JsonElement limit in limits.EnumerateArray())
        {
            string kind = Text(limit, "scope");
            string target = kind == "global" ? "global" : kind + " " + (limit.TryGetProperty(kind, out JsonElement id) ? id.ToString() : "?");
            if (target != scope)
            {
                Flush(output, line);
                scope = target;
                line.Append("  ").Append(target).Append(": ");
            }
            else
            {
                line.Append(", ");
            }

            line.Append(Text(limit, "limit")).Append(' ').Append(Text(limit, "value"));
            if (limit.TryGetProperty("used", out JsonElement used))
            {
                line.Append(" (used ").Append(used.GetString());
                if (limit.TryGetProperty("percent", out JsonElement percent))
                {
                    line.Append(", ").Append(percent.GetDecimal().ToString("0.0", System.Globalization.CultureInfo.InvariantCulture)).Append(" %");
                }

                line.Append(')');
            }
        }

        Flush(output, line);
    }

    private static void Flush(TextWriter output, StringBuilder line)
    {
        if (line.Length > 0)
        {
            output.WriteLine(line.ToString());
            line.Clear();
        }
    }

    private static void WriteList(TextWriter output, string title, JsonElement status, string property, Func<JsonElement, string> describe)
    {
        var items = new List<string>();
        foreach (JsonElement item in status.GetProperty(property).EnumerateArray())
        {
            items.Add(describe(item));
        }

        output.WriteLine($"{title,-11} {(items.Count == 0 ? "none" : string.Join(", ", items))}");
    }

    private static void WriteLines(TextWriter output, string title, JsonElement status, string property, Func<JsonElement, string> describe)
    {
        if (!status.TryGetProperty(property, out JsonElement items) || items.GetArrayLength() == 0)
        {
            output.WriteLine($"{title,-11} none");
            return;
        }

        output.WriteLine($"{title} ({items.GetArrayLength().ToString(CultureInfo.InvariantCulture)})");
        foreach (JsonElement item in items.EnumerateArray())
        {
            output.WriteLine("  " + describe(item));
        }
    }

    private static string Text(JsonElement element, string property) => element.TryGetProperty(property, out JsonElement value) ? value.ToString() : "?";

    private static string Number(JsonElement element, string property) => Text(element, property);
}
