namespace Engine.Matching.Tests.Scenarios;

/// <summary>A runnable scenario: background steps followed by its own (outline placeholders already substituted).</summary>
public sealed record GherkinScenario(string Feature, string File, string Name, IReadOnlyList<GherkinStep> Steps)
{
    public override string ToString() => $"{Path.GetFileName(File)}: {Name}";
}
