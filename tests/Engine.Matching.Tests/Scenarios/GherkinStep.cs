namespace Engine.Matching.Tests.Scenarios;

/// <summary>One step: its keyword (Given/When/Then/And/But), its text and its data table (rows of trimmed cells; may be empty).</summary>
public sealed record GherkinStep(string Keyword, string Text, IReadOnlyList<IReadOnlyList<string>> Table, int Line);
