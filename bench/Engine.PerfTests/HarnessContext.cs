using System.Text.Json;

namespace Engine.PerfTests;

/// <summary>What a harness gets: the run mode and a sink that writes each result as one JSON object per line.</summary>
public sealed class HarnessContext
{
    private readonly TextWriter _output;

    public HarnessContext(bool quick, TextWriter output, TextWriter log)
    {
        Quick = quick;
        _output = output;
        Log = log;
    }

    /// <summary>Keep the harness under about 30 seconds (fewer iterations, same checks).</summary>
    public bool Quick { get; }

    /// <summary>Progress and diagnostics; stays off stdout so stdout is pure JSON lines.</summary>
    public TextWriter Log { get; }

    public void Report(HarnessResult result)
    {
        ArgumentNullException.ThrowIfNull(result);
        _output.WriteLine(ToJson(result));
        _output.Flush();
    }

    public static string ToJson(HarnessResult result)
    {
        ArgumentNullException.ThrowIfNull(result);
        using var stream = new MemoryStream();
        using (var writer = new Utf8JsonWriter(stream))
        {
            writer.WriteStartObject();
            writer.WriteString("name", result.Name);
            writer.WriteNumber("value", Round(result.Value));
            writer.WriteString("unit", result.Unit);
            if (result.BaselineName is not null)
            {
                writer.WriteString("baselineName", result.BaselineName);
            }

            if (result.BaselineValue is double baseline)
            {
                writer.WriteNumber("baselineValue", Round(baseline));
            }

            if (result.Extra is not null)
            {
                foreach (KeyValuePair<string, double> pair in result.Extra)
                {
                    writer.WriteNumber(pair.Key, Round(pair.Value));
                }
            }

            writer.WriteEndObject();
        }

        return System.Text.Encoding.UTF8.GetString(stream.ToArray());
    }

    // Four significant decimals are more than any of these measurements can resolve.
    private static double Round(double value) => Math.Round(value, 4);
}
