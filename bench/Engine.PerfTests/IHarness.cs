namespace Engine.PerfTests;

/// <summary>
/// One macro benchmark. A harness measures, checks that what it measured is right (counts, checksums) and throws
/// <see cref="HarnessVerificationException"/> when it is not, so a fast wrong answer never becomes a figure.
/// Harnesses are found by reflection: any non-abstract type implementing this interface with a public
/// parameterless constructor is runnable by its <see cref="Name"/>.
/// </summary>
public interface IHarness
{
    /// <summary>The name on the command line, e.g. <c>ring-1p1c</c>.</summary>
    string Name { get; }

    /// <summary>One line: what is measured and against which baseline.</summary>
    string Description { get; }

    void Run(HarnessContext context);
}
