namespace Engine.Matching.Tests.Scenarios;

/// <summary>
/// A small parser for the subset of Gherkin the matching feature files use: Feature, Background, Scenario, Scenario
/// Outline with Examples (one scenario per example row, &lt;placeholders&gt; substituted), tags, free description lines,
/// steps and their pipe tables. Anything else is an error naming the file and line.
/// </summary>
public static class GherkinParser
{
    private static readonly string[] s_stepKeywords = ["Given", "When", "Then", "And", "But"];

    public static IReadOnlyList<GherkinScenario> Parse(string path)
    {
        string[] lines = File.ReadAllLines(path);
        string feature = "";
        var background = new List<GherkinStep>();
        var scenarios = new List<GherkinScenario>();
        List<GherkinStep>? current = null;
        string currentName = "";
        bool outline = false;
        bool inExamples = false;
        List<IReadOnlyList<string>>? examples = null;

        void Flush()
        {
            if (current is null)
            {
                return;
            }

            if (!outline)
            {
                scenarios.Add(new GherkinScenario(feature, path, currentName, [.. background, .. current]));
            }
            else
            {
                if (examples is null || examples.Count < 2)
                {
                    throw new FormatException($"{path}: Scenario Outline '{currentName}' has no Examples rows");
                }

                IReadOnlyList<string> header = examples[0];
                for (int row = 1; row < examples.Count; row++)
                {
                    IReadOnlyList<string> values = examples[row];
                    string Substitute(string text)
                    {
                        for (int c = 0; c < header.Count; c++)
                        {
                            text = text.Replace($"<{header[c]}>", values[c], StringComparison.Ordinal);
                        }

                        return text;
                    }

                    var steps = new List<GherkinStep>(background);
                    foreach (GherkinStep step in current)
                    {
                        steps.Add(step with
                        {
                            Text = Substitute(step.Text),
                            Table = [.. step.Table.Select(r => (IReadOnlyList<string>)[.. r.Select(Substitute)])],
                        });
                    }

                    scenarios.Add(new GherkinScenario(feature, path, $"{currentName} [{string.Join(", ", values)}]", steps));
                }
            }

            current = null;
            examples = null;
            inExamples = false;
        }

        List<GherkinStep>? target = null;
        for (int i = 0; i < lines.Length; i++)
        {
            string line = lines[i].Trim();
            if (line.Length == 0 || line.StartsWith('#') || line.StartsWith('@'))
            {
                continue;
            }

            if (line.StartsWith('|'))
            {
                string[] cells = line.Trim('|').Split('|').Select(c => c.Trim()).ToArray();
                if (inExamples)
                {
                    examples!.Add(cells);
                }
                else if (target is { Count: > 0 })
                {
                    var last = target[^1];
                    target[^1] = last with { Table = [.. last.Table, cells] };
                }
                else
                {
                    throw new FormatException($"{path}:{i + 1}: a table row outside a step");
                }

                continue;
            }

            if (line.StartsWith("Feature:", StringComparison.Ordinal))
            {
                feature = line["Feature:".Length..].Trim();
            }
            else if (line.StartsWith("Background:", StringComparison.Ordinal))
            {
                target = background;
            }
            else if (line.StartsWith("Scenario Outline:", StringComparison.Ordinal) || line.StartsWith("Scenario:", StringComparison.Ordinal))
            {
                Flush();
                outline = line.StartsWith("Scenario Outline:", StringComparison.Ordinal);
                currentName = line[(line.IndexOf(':', StringComparison.Ordinal) + 1)..].Trim();
                current = [];
                target = current;
            }
            else if (line.StartsWith("Examples:", StringComparison.Ordinal))
            {
                inExamples = true;
                examples = [];
            }
            else
            {
                string? keyword = s_stepKeywords.FirstOrDefault(k => line.StartsWith(k + " ", StringComparison.Ordinal));
                if (keyword is not null && target is not null && !inExamples)
                {
                    target.Add(new GherkinStep(keyword, line[(keyword.Length + 1)..].Trim(), [], i + 1));
                }

                // Any other line is a scenario's free-text description.
            }
        }

        Flush();
        return scenarios;
    }
}
