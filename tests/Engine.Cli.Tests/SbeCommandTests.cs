using System.Text.Json;

namespace Engine.Cli.Tests;

/// <summary><c>engine sbe generate</c> and <c>engine sbe decode</c> as a real process, bad input included.</summary>
[TestFixture]
public sealed class SbeCommandTests
{
    private string _directory = null!;

    [SetUp]
    public void CreateDirectory()
    {
        _directory = Path.Combine(Path.GetTempPath(), "engine-sbe-cli-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(_directory);
    }

    [TearDown]
    public void DeleteDirectory() => Directory.Delete(_directory, recursive: true);

    [Test]
    public void Decode_CarBaselineFile_PrintsTheMessageAsJson()
    {
        EngineRun run = EngineProcess.Run("sbe", "decode", "--schema", SbeData("example-schema.xml"), "--file", SbeData("car_example_baseline_data.sbe"));

        Assert.That(run.ExitCode, Is.Zero, run.StandardError);
        using JsonDocument json = JsonDocument.Parse(run.StandardOutput);
        JsonElement fields = json.RootElement.GetProperty("fields");
        using (Assert.EnterMultipleScope())
        {
            Assert.That(json.RootElement.GetProperty("name").GetString(), Is.EqualTo("Car"));
            Assert.That(json.RootElement.GetProperty("blockLength").GetInt32(), Is.EqualTo(45));
            Assert.That(fields.GetProperty("serialNumber").GetInt32(), Is.EqualTo(1234));
            Assert.That(fields.GetProperty("extras").GetArrayLength(), Is.EqualTo(2));
            Assert.That(fields.GetProperty("performanceFigures")[0].GetProperty("acceleration").GetArrayLength(), Is.EqualTo(3));
            Assert.That(fields.GetProperty("model").GetString(), Is.EqualTo("Civic VTi"));
        }
    }

    [Test]
    public void Decode_HexAtAnOffset_PrintsTheMessage()
    {
        string hex = "FFFF" + Convert.ToHexString(File.ReadAllBytes(SbeData("car_example_baseline_data.sbe")));

        EngineRun run = EngineProcess.Run("sbe", "decode", "--schema", SbeData("example-schema.xml"), "--hex", hex, "--offset", "2");

        Assert.That(run.ExitCode, Is.Zero, run.StandardError);
        Assert.That(run.StandardOutput, Does.Contain("\"manufacturer\": \"Honda\""));
    }

    [Test]
    public void Decode_TruncatedBuffer_IsOneLineErrorExitOne()
    {
        string hex = Convert.ToHexString(File.ReadAllBytes(SbeData("car_example_baseline_data.sbe")).AsSpan(0, 100));

        EngineRun run = EngineProcess.Run("sbe", "decode", "--schema", SbeData("example-schema.xml"), "--hex", hex);

        AssertOneLineFailure(run, "truncated buffer");
    }

    [Test]
    public void Decode_UnknownTemplate_IsOneLineErrorExitOne()
    {
        byte[] data = File.ReadAllBytes(SbeData("car_example_baseline_data.sbe"));
        data[2] = 42;

        EngineRun run = EngineProcess.Run("sbe", "decode", "--schema", SbeData("example-schema.xml"), "--hex", Convert.ToHexString(data));

        AssertOneLineFailure(run, "unknown templateId 42");
    }

    [Test]
    public void Decode_GroupCountBeyondTheBuffer_IsOneLineErrorExitOne()
    {
        byte[] data = File.ReadAllBytes(SbeData("car_example_baseline_data.sbe"));
        data[8 + 45 + 2] = 0xFF;
        string file = Path.Combine(_directory, "bad.sbe");
        File.WriteAllBytes(file, data);

        EngineRun run = EngineProcess.Run("sbe", "decode", "--schema", SbeData("example-schema.xml"), "--file", file);

        AssertOneLineFailure(run, "group 'fuelFigures' at offset 53 declares 255 entries");
    }

    [Test]
    public void Decode_SchemaIdMismatch_IsOneLineErrorExitOne()
    {
        byte[] data = File.ReadAllBytes(SbeData("car_example_baseline_data.sbe"));
        data[4] = 3;

        EngineRun run = EngineProcess.Run("sbe", "decode", "--schema", SbeData("example-schema.xml"), "--hex", Convert.ToHexString(data));

        AssertOneLineFailure(run, "schema id mismatch at offset 0: the header says schemaId 3 but schema 'baseline' has id 1");
    }

    [Test]
    public void Decode_InvalidSchema_NamesFileAndLine()
    {
        string schema = Path.Combine(_directory, "bad-schema.xml");
        File.WriteAllText(schema, "<?xml version=\"1.0\"?>\n<messageSchema package=\"x\" id=\"1\">\n<types>\n<type name=\"T\" primitiveType=\"int128\"/>\n</types>\n</messageSchema>\n");

        EngineRun run = EngineProcess.Run("sbe", "decode", "--schema", schema, "--hex", "00");

        AssertOneLineFailure(run, schema + ":4: type 'T' has unknown primitiveType 'int128'");
    }

    [Test]
    public void Decode_SchemaWhoseFieldTypeCarriesSinceVersion_DecodesTheField_AndWarnsOnStderr()
    {
        string schema = Path.Combine(_directory, "versioned.xml");
        File.WriteAllText(schema, """
            <?xml version="1.0" encoding="UTF-8"?>
            <sbe:messageSchema xmlns:sbe="http://fixprotocol.io/2016/sbe" package="p" id="9" version="3">
                <types>
                    <composite name="messageHeader">
                        <type name="blockLength" primitiveType="uint16"/>
                        <type name="templateId" primitiveType="uint16"/>
                        <type name="schemaId" primitiveType="uint16"/>
                        <type name="version" primitiveType="uint16"/>
                    </composite>
                    <type name="Qty" primitiveType="int32" sinceVersion="2"/>
                </types>
                <sbe:message name="Fill" id="1">
                    <field name="qty" id="1" type="Qty"/>
                    <field name="price" id="2" type="int64"/>
                </sbe:message>
            </sbe:messageSchema>
            """);
        byte[] data = new byte[8 + 12];
        BitConverter.TryWriteBytes(data.AsSpan(0), (ushort)12);
        BitConverter.TryWriteBytes(data.AsSpan(2), (ushort)1);
        BitConverter.TryWriteBytes(data.AsSpan(4), (ushort)9);
        BitConverter.TryWriteBytes(data.AsSpan(6), (ushort)0);
        BitConverter.TryWriteBytes(data.AsSpan(8), 7);
        BitConverter.TryWriteBytes(data.AsSpan(12), 12345L);

        EngineRun run = EngineProcess.Run("sbe", "decode", "--schema", schema, "--hex", Convert.ToHexString(data));

        Assert.That(run.ExitCode, Is.Zero, run.StandardError);
        using JsonDocument json = JsonDocument.Parse(run.StandardOutput);
        JsonElement fields = json.RootElement.GetProperty("fields");
        Assert.That(fields.GetProperty("qty").GetInt32(), Is.EqualTo(7), "a version-0 message carries the field: its own sinceVersion is 0, as the reference tool reads it");
        Assert.That(fields.GetProperty("price").GetInt64(), Is.EqualTo(12345));
        Assert.That(run.StandardError.Trim(), Is.EqualTo($"engine: warning: {schema}:13: field 'qty' has sinceVersion 0 but its type 'Qty' exists only since version 2"));
    }

    [Test]
    public void Decode_NeitherHexNorFile_IsAUsageError()
    {
        EngineRun run = EngineProcess.Run("sbe", "decode", "--schema", SbeData("example-schema.xml"));

        Assert.That(run.ExitCode, Is.EqualTo(2));
        Assert.That(run.StandardError.Trim(), Is.EqualTo("engine: usage error: give exactly one of --hex or --file"));
    }

    [Test]
    public void Decode_BadHex_IsAUsageError()
    {
        EngineRun run = EngineProcess.Run("sbe", "decode", "--schema", SbeData("example-schema.xml"), "--hex", "2d0G");

        Assert.That(run.ExitCode, Is.EqualTo(2));
        Assert.That(run.StandardError, Does.Contain("non-hex character 'G' at position 3"));
    }

    [Test]
    public void Generate_CarSchema_WritesOneCodecFileInTheNamespace()
    {
        string output = Path.Combine(_directory, "out");

        EngineRun run = EngineProcess.Run("sbe", "generate", "--schema", SbeData("example-schema.xml"), "--out", output, "--namespace", "Car.Codecs");

        Assert.That(run.ExitCode, Is.Zero, run.StandardError);
        string code = File.ReadAllText(Path.Combine(output, "BaselineSchema.g.cs"));
        Assert.That(code, Does.StartWith("// <auto-generated/>").And.Contain("namespace Car.Codecs;").And.Contain("public ref struct CarEncoder"));
    }

    [Test]
    public void Generate_BadNamespace_IsAUsageError()
    {
        EngineRun run = EngineProcess.Run("sbe", "generate", "--schema", SbeData("example-schema.xml"), "--out", _directory, "--namespace", "1bad..ns");

        Assert.That(run.ExitCode, Is.EqualTo(2));
        Assert.That(run.StandardError, Does.Contain("--namespace '1bad..ns'"));
    }

    [Test]
    public void Generate_StrictOnUnalignedSchema_FailsNamingTheField()
    {
        EngineRun run = EngineProcess.Run("sbe", "generate", "--schema", SbeData("new-order-single-schema.xml"), "--out", _directory, "--namespace", "X", "--strict");

        AssertOneLineFailure(run, "field 'TransactTime' of message 'NewOrderSingle' has offset 25 which is not aligned to its 8-byte size");
    }

    private static void AssertOneLineFailure(EngineRun run, string expected)
    {
        Assert.That(run.ExitCode, Is.EqualTo(1), run.StandardOutput);
        Assert.That(run.StandardError.TrimEnd().Split('\n'), Has.Length.EqualTo(1), run.StandardError);
        Assert.That(run.StandardError, Does.StartWith("engine: error: ").And.Contain(expected));
        Assert.That(run.StandardError, Does.Not.Contain("   at "));
    }

    private static string SbeData(string name)
    {
        string? directory = TestContext.CurrentContext.TestDirectory;
        while (directory is not null && !File.Exists(Path.Combine(directory, "Engine.sln")))
        {
            directory = Path.GetDirectoryName(directory);
        }

        string? sbe = directory is null ? null : Path.GetFullPath(Path.Combine(directory, "..", "shared", "data", "sbe"));
        if (sbe is null || !Directory.Exists(sbe))
        {
            if (!string.IsNullOrEmpty(Environment.GetEnvironmentVariable("CI")))
            {
                Assert.Fail("the reference data ../shared/data/sbe is absent (required in CI)");
            }

            Assert.Ignore("the reference data ../shared/data/sbe is absent");
        }

        return Path.Combine(sbe!, name);
    }
}
