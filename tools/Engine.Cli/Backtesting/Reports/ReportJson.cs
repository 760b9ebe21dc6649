using System.Text.Json;
using Engine.Cli.Auditing;

namespace Engine.Cli.Backtesting.Reports;

/// <summary>
/// report.json: the run's figures as top-level keys, then the same keys per instrument under <c>instruments</c>
/// (instruments in ordinal order). Keys are written in one fixed order, undefined figures as null, numbers in
/// System.Text.Json's invariant formatting (decimals as they are, doubles in their shortest round-trip form), so the
/// same report gives the same bytes. Stateless.
/// </summary>
public static class ReportJson
{
    public const string FileName = "report.json";

    /// <summary>The format's version, written as <c>reportVersion</c>; raised when a key changes meaning.</summary>
    public const int Version = 1;

    public static void Write(BacktestReport report, Stream stream)
    {
        ArgumentNullException.ThrowIfNull(report);
        using var json = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = true });
        json.WriteStartObject();
        json.WriteNumber("reportVersion", Version);
        json.WriteString("start", AuditTime.Iso(report.Equity[0].TimeNanos));
        json.WriteString("end", AuditTime.Iso(report.Equity[^1].TimeNanos));
        json.WriteNumber("sampleIntervalSeconds", report.SampleIntervalNanos / 1_000_000_000m);
        json.WriteNumber("annualRiskFreeRate", report.AnnualRiskFreeRate);
        json.WriteNumber("samples", report.Equity.Count);
        if (report.FillModel is { } fillModel)
        {
            json.WriteString("fillModel", fillModel);
            json.WriteBoolean("barFills", report.BarFills);
        }

        WriteMetrics(json, report.Run);
        json.WriteStartObject("instruments");
        foreach ((string instrument, ReportMetrics metrics) in report.Instruments.OrderBy(pair => pair.Key, StringComparer.Ordinal))
        {
            json.WriteStartObject(instrument);
            WriteMetrics(json, metrics);
            json.WriteEndObject();
        }

        json.WriteEndObject();
        json.WriteEndObject();
    }

    private static void WriteMetrics(Utf8JsonWriter json, ReportMetrics metrics)
    {
        json.WriteNumber("totalReturn", metrics.TotalReturn);
        WriteOptional(json, "sharpe", metrics.Sharpe);
        WriteOptional(json, "sortino", metrics.Sortino);
        WriteOptional(json, "calmar", metrics.Calmar);
        json.WriteNumber("maxDrawdown", metrics.MaxDrawdown);
        json.WriteNumber("maxDrawdownDuration", metrics.MaxDrawdownDurationSeconds);
        WriteOptional(json, "volatility", metrics.Volatility);
        WriteOptional(json, "winRate", metrics.WinRate);
        if (metrics.ProfitFactor is { } profitFactor)
        {
            json.WriteNumber("profitFactor", profitFactor);
        }
        else
        {
            json.WriteNull("profitFactor");
        }

        json.WriteNumber("roundTrips", metrics.RoundTrips);
        json.WriteNumber("orders", metrics.Orders);
        json.WriteNumber("fills", metrics.Fills);
        WriteOptional(json, "makerShare", metrics.MakerShare);
        json.WriteNumber("fees", metrics.Fees);
        json.WriteNumber("funding", metrics.Funding);
        if (metrics.Turnover is { } turnover)
        {
            json.WriteNumber("turnover", turnover);
        }
        else
        {
            json.WriteNull("turnover");
        }

        json.WriteNumber("turnoverNotional", metrics.TurnoverNotional);
        WriteOptional(json, "exposureTime", metrics.ExposureTime);
        json.WriteString("stateHash", metrics.StateHash);
    }

    private static void WriteOptional(Utf8JsonWriter json, string name, double? value)
    {
        if (value is { } number)
        {
            json.WriteNumber(name, number);
        }
        else
        {
            json.WriteNull(name);
        }
    }
}
