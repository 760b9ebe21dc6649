using System.Reflection;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;

namespace Engine.Sbe.Tests;

/// <summary>Compiles generated codecs (and test drivers) in memory with Roslyn, as the build would, and loads them.</summary>
public static class RuntimeCompiler
{
    private static readonly Lazy<MetadataReference[]> s_references = new(LoadReferences);

    /// <summary>Compiles the sources; fails the test with every diagnostic (warnings included) when any is reported.</summary>
    public static Assembly Compile(string assemblyName, params string[] sources)
    {
        ArgumentNullException.ThrowIfNull(sources);
        var parse = new CSharpParseOptions(LanguageVersion.Preview);
        var trees = sources.Select(s => CSharpSyntaxTree.ParseText(s, parse)).ToArray();
        var options = new CSharpCompilationOptions(
            OutputKind.DynamicallyLinkedLibrary,
            optimizationLevel: OptimizationLevel.Release,
            nullableContextOptions: NullableContextOptions.Enable,
            allowUnsafe: false,
            warningLevel: 9999,
            generalDiagnosticOption: ReportDiagnostic.Error);
        var compilation = CSharpCompilation.Create(assemblyName, trees, s_references.Value, options);
        using var stream = new MemoryStream();
        var result = compilation.Emit(stream);
        var problems = result.Diagnostics.Where(d => d.Severity >= DiagnosticSeverity.Warning).ToList();
        if (!result.Success || problems.Count > 0)
        {
            Assert.Fail(assemblyName + " does not compile cleanly:\n" + string.Join("\n", problems.Take(20).Select(d => d.ToString())));
        }

        return Assembly.Load(stream.ToArray());
    }

    private static MetadataReference[] LoadReferences()
    {
        string trusted = (string)AppContext.GetData("TRUSTED_PLATFORM_ASSEMBLIES")!;
        return trusted.Split(Path.PathSeparator)
            .Where(p => Path.GetFileName(p).StartsWith("System.", StringComparison.Ordinal) || Path.GetFileName(p) is "mscorlib.dll" or "netstandard.dll")
            .Select(p => (MetadataReference)MetadataReference.CreateFromFile(p))
            .ToArray();
    }
}
