using System.Text.Json;

namespace Engine.Cli.Backtesting;

/// <summary>
/// A backtest's strategy parameters as texts: a <c>--params FILE.json</c> object (strings, numbers, booleans), then
/// each <c>--param name=value</c> (which wins over the file). The strategy's descriptor validates them afterwards.
/// </summary>
public static class StrategyParameterTexts
{
    public static Dictionary<string, string> Read(string? file, IReadOnlyList<string> pairs)
    {
        ArgumentNullException.ThrowIfNull(pairs);
        var texts = new Dictionary<string, string>(StringComparer.Ordinal);
        if (file is not null)
        {
            ReadFile(file, texts);
        }

        foreach (string pair in pairs)
        {
            int equals = pair.IndexOf('=', StringComparison.Ordinal);
            if (equals <= 0)
            {
                throw new UsageException($"--param '{pair}': expected name=value");
            }

            texts[pair[..equals]] = pair[(equals + 1)..];
        }

        return texts;
    }

    private static void ReadFile(string file, Dictionary<string, string> texts)
    {
        byte[] bytes;
        try
        {
            bytes = File.ReadAllBytes(file);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new UsageException($"--params {file}: cannot be read ({e.Message})");
        }

        try
        {
            using JsonDocument document = JsonDocument.Parse(bytes, new JsonDocumentOptions { CommentHandling = JsonCommentHandling.Skip });
            if (document.RootElement.ValueKind != JsonValueKind.Object)
            {
                throw new UsageException($"--params {file}: expected a JSON object of parameter names to values");
            }

            foreach (JsonProperty property in document.RootElement.EnumerateObject())
            {
                texts[property.Name] = property.Value.ValueKind switch
                {
                    JsonValueKind.String => property.Value.GetString()!,
                    JsonValueKind.Number => property.Value.GetRawText(),
                    JsonValueKind.True => "true",
                    JsonValueKind.False => "false",
                    _ => throw new UsageException($"--params {file}: $.{property.Name}: expected a string, number or boolean"),
                };
            }
        }
        catch (JsonException e)
        {
            throw new UsageException($"--params {file}: not valid JSON ({e.Message})");
        }
    }
}
