using System.Collections.Immutable;
using System.Text;
using Engine.Sbe.Schema;
using Engine.Sbe.Schema.Emission;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Text;

namespace Engine.Sbe.Generator;

/// <summary>
/// Generates codecs for every SBE message schema among the project's <c>AdditionalFiles</c> (*.xml whose root is
/// <c>messageSchema</c>; other XML files are include fragments). The namespace is the project's RootNamespace. The
/// engine's schemas are held to the strict rules (aligned explicit offsets). A bad schema is reported as error
/// SBE001 at the file and line of the problem; nothing is generated for it.
/// </summary>
[Generator(LanguageNames.CSharp)]
public sealed class SbeCodecGenerator : IIncrementalGenerator
{
    private static readonly DiagnosticDescriptor s_invalidSchema = new(
        id: "SBE001",
        title: "Invalid SBE schema",
        messageFormat: "{0}",
        category: "Engine.Sbe",
        defaultSeverity: DiagnosticSeverity.Error,
        isEnabledByDefault: true);

    public void Initialize(IncrementalGeneratorInitializationContext context)
    {
        IncrementalValueProvider<ImmutableArray<(string Path, string Text)>> files = context.AdditionalTextsProvider
            .Where(static file => file.Path.EndsWith(".xml", StringComparison.OrdinalIgnoreCase))
            .Select(static (file, cancellation) => (file.Path, file.GetText(cancellation)?.ToString() ?? string.Empty))
            .Collect();
        IncrementalValueProvider<string> rootNamespace = context.AnalyzerConfigOptionsProvider.Select(static (options, _) =>
            options.GlobalOptions.TryGetValue("build_property.RootNamespace", out string? value) && !string.IsNullOrWhiteSpace(value) ? value : "Sbe.Codecs");
        context.RegisterSourceOutput(files.Combine(rootNamespace), static (output, input) => Generate(output, input.Left, input.Right));
    }

    private static void Generate(SourceProductionContext output, ImmutableArray<(string Path, string Text)> files, string ns)
    {
        var source = new AdditionalFileSchemaSource(files);
        foreach ((string path, string text) in files.OrderBy(f => f.Path, StringComparer.Ordinal))
        {
            output.CancellationToken.ThrowIfCancellationRequested();
            if (!SchemaLoader.IsSchemaDocument(text))
            {
                continue;
            }

            try
            {
                MessageSchema schema = SchemaLoader.Load(path, source, SchemaLoadOptions.Strict);
                string code = CSharpCodeEmitter.Emit(schema, ns);
                output.AddSource(CSharpCodeEmitter.SchemaClassName(schema) + ".g.cs", SourceText.From(code, Encoding.UTF8));
            }
            catch (SchemaException e)
            {
                int line = Math.Max(0, e.Location.Line - 1);
                var span = new LinePositionSpan(new LinePosition(line, 0), new LinePosition(line, 0));
                output.ReportDiagnostic(Diagnostic.Create(s_invalidSchema, Location.Create(e.Location.File, default, span), e.Message));
            }
        }
    }
}
