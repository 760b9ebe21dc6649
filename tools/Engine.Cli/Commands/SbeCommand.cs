using System.CommandLine;
using System.Globalization;
using Engine.Sbe.Decoding;
using Engine.Sbe.Files;
using Engine.Sbe.Schema;
using Engine.Sbe.Schema.Emission;

namespace Engine.Cli.Commands;

/// <summary>
/// <c>engine sbe generate</c> writes C# codecs for an SBE schema; <c>engine sbe decode</c> prints one message as JSON
/// using only the schema (no generated code), for auditors and journal tools.
/// </summary>
public static class SbeCommand
{
    public static Command Create(TextWriter output)
    {
        var command = new Command("sbe", "Generate codecs from SBE message schemas and decode SBE messages.");
        command.Subcommands.Add(CreateGenerate(output));
        command.Subcommands.Add(CreateDecode(output));
        return command;
    }

    private static Command CreateGenerate(TextWriter output)
    {
        var schema = new Option<FileInfo>("--schema") { Description = "The SBE XML message schema (xi:include is followed).", Required = true };
        var outDir = new Option<DirectoryInfo>("--out") { Description = "Directory to write the generated C# file into.", Required = true };
        var ns = new Option<string>("--namespace") { Description = "Namespace of the generated codecs.", Required = true };
        var strict = new Option<bool>("--strict") { Description = "Also reject explicit offsets not aligned to their field's size (the engine's rule)." };
        var command = new Command("generate", "Write C# codecs (flyweights over Span<byte>) for every type and message of a schema.")
        {
            schema,
            outDir,
            ns,
            strict,
        };
        command.SetAction(parsed =>
        {
            string namespaceName = parsed.GetValue(ns)!;
            if (!IsNamespace(namespaceName))
            {
                throw new UsageException($"--namespace '{namespaceName}' is not a C# namespace (dotted identifiers)");
            }

            MessageSchema loaded = LoadSchema(parsed.GetValue(schema)!, parsed.GetValue(strict) ? SchemaLoadOptions.Strict : SchemaLoadOptions.Default, parsed.InvocationConfiguration.Error);
            DirectoryInfo directory = parsed.GetValue(outDir)!;
            directory.Create();
            string path = Path.Combine(directory.FullName, CSharpCodeEmitter.SchemaClassName(loaded) + ".g.cs");
            File.WriteAllText(path, CSharpCodeEmitter.Emit(loaded, namespaceName));
            output.WriteLine($"wrote {path} ({loaded.Messages.Count} messages, {loaded.Types.Count} types, schema id {loaded.Id} version {loaded.Version})");
            return CommandLineApp.Success;
        });
        return command;
    }

    private static Command CreateDecode(TextWriter output)
    {
        var schema = new Option<FileInfo>("--schema") { Description = "The SBE XML message schema the message was written with.", Required = true };
        var hex = new Option<string>("--hex") { Description = "The message bytes as hex (spaces allowed)." };
        var file = new Option<FileInfo>("--file") { Description = "A file holding the message bytes." };
        var offset = new Option<int>("--offset") { Description = "Byte offset of the message header in the input.", DefaultValueFactory = _ => 0 };
        var command = new Command("decode", "Print one SBE message as JSON, driven by the schema alone.")
        {
            schema,
            hex,
            file,
            offset,
        };
        command.SetAction(parsed =>
        {
            string? hexValue = parsed.GetValue(hex);
            FileInfo? fileValue = parsed.GetValue(file);
            if ((hexValue is null) == (fileValue is null))
            {
                throw new UsageException("give exactly one of --hex or --file");
            }

            int offsetValue = parsed.GetValue(offset);
            if (offsetValue < 0)
            {
                throw new UsageException($"--offset must not be negative, got {offsetValue}");
            }

            MessageSchema loaded = LoadSchema(parsed.GetValue(schema)!, SchemaLoadOptions.Default, parsed.InvocationConfiguration.Error);
            byte[] bytes = hexValue is not null ? ParseHex(hexValue) : ReadFile(fileValue!);
            try
            {
                DecodedMessage message = new SchemaDrivenDecoder(loaded).Decode(bytes, offsetValue);
                output.WriteLine(message.Json);
            }
            catch (SbeDecodeException e)
            {
                throw new CommandFailedException($"cannot decode {(fileValue is null ? "--hex input" : fileValue.FullName)}: {e.Message}");
            }

            return CommandLineApp.Success;
        });
        return command;
    }

    /// <summary>Loads the schema; what it does that only the reference tool's looser rules allow goes to <paramref name="warnings"/>, one line each.</summary>
    private static MessageSchema LoadSchema(FileInfo file, SchemaLoadOptions options, TextWriter warnings)
    {
        if (!file.Exists)
        {
            throw new CommandFailedException($"schema file {file.FullName} does not exist");
        }

        try
        {
            MessageSchema loaded = FileSchemaSource.Load(file.FullName, options);
            foreach (SchemaWarning warning in loaded.Warnings)
            {
                warnings.WriteLine($"engine: warning: {warning}");
            }

            return loaded;
        }
        catch (SchemaException e)
        {
            throw new CommandFailedException($"invalid schema: {e.Message}");
        }
    }

    private static byte[] ReadFile(FileInfo file)
    {
        if (!file.Exists)
        {
            throw new CommandFailedException($"input file {file.FullName} does not exist");
        }

        return File.ReadAllBytes(file.FullName);
    }

    private static byte[] ParseHex(string text)
    {
        var digits = new System.Text.StringBuilder(text.Length);
        foreach (char c in text)
        {
            if (!char.IsWhiteSpace(c))
            {
                digits.Append(c);
            }
        }

        string compact = digits.ToString();
        if (compact.StartsWith("0x", StringComparison.OrdinalIgnoreCase))
        {
            compact = compact[2..];
        }

        if (compact.Length % 2 != 0)
        {
            throw new UsageException($"--hex has an odd number of hex digits ({compact.Length})");
        }

        for (int i = 0; i < compact.Length; i++)
        {
            if (!char.IsAsciiHexDigit(compact[i]))
            {
                throw new UsageException($"--hex has a non-hex character '{compact[i]}' at position {i.ToString(CultureInfo.InvariantCulture)}");
            }
        }

        return Convert.FromHexString(compact);
    }

    private static bool IsNamespace(string text)
    {
        if (string.IsNullOrEmpty(text))
        {
            return false;
        }

        foreach (string part in text.Split('.'))
        {
            if (part.Length == 0 || !(char.IsLetter(part[0]) || part[0] == '_'))
            {
                return false;
            }

            foreach (char c in part)
            {
                if (!(char.IsLetterOrDigit(c) || c == '_'))
                {
                    return false;
                }
            }
        }

        return true;
    }
}
