using Engine.Sbe.Files;
using Engine.Sbe.Schema;

namespace Engine.Sbe.Tests;

/// <summary>Loading, layout and validation of SBE XML schemas: bad schemas name file, line and problem.</summary>
[TestFixture]
public sealed class SchemaLoaderTests
{
    private const string Header = """
        <?xml version="1.0" encoding="UTF-8"?>
        <sbe:messageSchema xmlns:sbe="http://fixprotocol.io/2016/sbe" package="t" id="7" version="2" byteOrder="littleEndian">
            <types>
                <composite name="messageHeader">
                    <type name="blockLength" primitiveType="uint16"/>
                    <type name="templateId" primitiveType="uint16"/>
                    <type name="schemaId" primitiveType="uint16"/>
                    <type name="version" primitiveType="uint16"/>
                </composite>
                <composite name="groupSizeEncoding">
                    <type name="blockLength" primitiveType="uint16"/>
                    <type name="numInGroup" primitiveType="uint16"/>
                </composite>
                <composite name="varData">
                    <type name="length" primitiveType="uint16"/>
                    <type name="varData" primitiveType="uint8" length="0"/>
                </composite>
        """;

    private string _directory = null!;

    [SetUp]
    public void CreateDirectory()
    {
        _directory = Path.Combine(Path.GetTempPath(), "engine-sbe-tests-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(_directory);
    }

    [TearDown]
    public void DeleteDirectory() => Directory.Delete(_directory, recursive: true);

    private static readonly string[] s_referenceSchemas =
    [
        "basic-types-schema.xml", "code-generation-schema.xml", "composite-offsets-schema.xml",
        "example-bigendian-test-schema.xml", "example-extension-schema.xml", "example-schema.xml",
        "group-with-data-schema.xml", "nested-group-schema.xml", "new-order-single-schema.xml",
        "since-version-filter-schema.xml", "versioned-message-v1.xml", "versioned-message-v2.xml",
    ];

    [TestCaseSource(nameof(s_referenceSchemas))]
    public void Load_EveryReferenceSchema_Succeeds(string file)
    {
        MessageSchema schema = FileSchemaSource.Load(SharedData.SbeFile(file));

        Assert.That(schema.Messages, Is.Not.Empty);
    }

    [Test]
    public void Load_CarSchemaWithXInclude_ResolvesIncludedTypesAndLayout()
    {
        MessageSchema schema = FileSchemaSource.Load(SharedData.SbeFile("example-schema.xml"));

        MessageDefinition car = schema.Messages.Single();
        Assert.Multiple(() =>
        {
            Assert.That(schema.Header.EncodedLength, Is.EqualTo(8));
            Assert.That(car.BlockLength, Is.EqualTo(45));
            Assert.That(car.Fields.Single(f => f.Name == "engine").Offset, Is.EqualTo(35));
            Assert.That(car.Groups.Select(g => g.Name), Is.EqualTo(new[] { "fuelFigures", "performanceFigures" }));
            Assert.That(car.Groups[0].BlockLength, Is.EqualTo(6));
            Assert.That(car.VarData.Select(d => d.Name), Is.EqualTo(new[] { "manufacturer", "model", "activationCode" }));
            Assert.That(car.VarData[0].CharacterEncoding, Is.EqualTo("UTF-8"));
        });
    }

    [Test]
    public void Load_ExplicitOffsets_AreHonoured()
    {
        MessageSchema schema = FileSchemaSource.Load(SharedData.SbeFile("composite-offsets-schema.xml"));

        Assert.Multiple(() =>
        {
            Assert.That(schema.Header.EncodedLength, Is.EqualTo(12));
            Assert.That(schema.Messages[0].Groups[0].Dimension.EncodedLength, Is.EqualTo(8));
            Assert.That(schema.Messages[1].Fields[1].Offset, Is.EqualTo(8));
            Assert.That(schema.Messages[1].Fields[2].Offset, Is.EqualTo(24));
            Assert.That(schema.Messages[1].BlockLength, Is.EqualTo(32));
        });
    }

    [Test]
    public void Load_MalformedXml_NamesFileAndLine()
    {
        string path = Write("broken.xml", "<?xml version=\"1.0\"?>\n<messageSchema id=\"1\">\n<types>\n</messageSchema>\n");

        SchemaException e = Assert.Throws<SchemaException>(() => FileSchemaSource.Load(path))!;

        Assert.That(e.Message, Does.StartWith(path + ":4: malformed XML"));
    }

    [Test]
    public void Load_UnknownFieldType_NamesFileLineAndType()
    {
        string path = Schema("""<sbe:message name="M" id="1"><field name="price" id="1" type="Prise"/></sbe:message>""");

        AssertError(path, 21, "field 'price' of message 'M' refers to unknown type 'Prise'");
    }

    [Test]
    public void Load_DuplicateFieldId_IsRejected()
    {
        string path = Schema("""
            <sbe:message name="M" id="1">
                <field name="a" id="1" type="int32"/>
                <field name="b" id="1" type="int32"/>
            </sbe:message>
            """);

        AssertError(path, 23, "message 'M' has duplicate id 1 ('b' and 'a')");
    }

    [Test]
    public void Load_DuplicateFieldName_IsRejected()
    {
        string path = Schema("""
            <sbe:message name="M" id="1">
                <field name="a" id="1" type="int32"/>
                <field name="a" id="2" type="int32"/>
            </sbe:message>
            """);

        AssertError(path, 23, "message 'M' has duplicate name 'a'");
    }

    [Test]
    public void Load_DuplicateMessageId_IsRejected()
    {
        string path = Schema("""
            <sbe:message name="M" id="1"><field name="a" id="1" type="int32"/></sbe:message>
            <sbe:message name="N" id="1"><field name="a" id="1" type="int32"/></sbe:message>
            """);

        AssertError(path, 22, "duplicate message id 1 (also used by 'M')");
    }

    [Test]
    public void Load_DuplicateTypeName_IsRejected()
    {
        string path = Schema("<sbe:message name=\"M\" id=\"1\"><field name=\"a\" id=\"1\" type=\"int32\"/></sbe:message>", "<type name=\"varData\" primitiveType=\"int8\"/>");

        AssertError(path, 18, "duplicate type name 'varData' (first declared at " + path + ":14)");
    }

    [Test]
    public void Load_OverlappingExplicitOffset_IsRejected()
    {
        string path = Schema("""
            <sbe:message name="M" id="1">
                <field name="a" id="1" type="int64"/>
                <field name="b" id="2" type="int32" offset="4"/>
            </sbe:message>
            """);

        AssertError(path, 23, "field 'b' of message 'M' has offset 4 which overlaps the previous member ending at 8");
    }

    [Test]
    public void Load_MisalignedExplicitOffset_IsRejectedInStrictModeOnly()
    {
        string path = Schema("""
            <sbe:message name="M" id="1">
                <field name="a" id="1" type="int8"/>
                <field name="b" id="2" type="int64" offset="3"/>
            </sbe:message>
            """);

        Assert.That(FileSchemaSource.Load(path).Messages[0].Fields[1].Offset, Is.EqualTo(3));
        SchemaException e = Assert.Throws<SchemaException>(() => FileSchemaSource.Load(path, SchemaLoadOptions.Strict))!;
        Assert.That(e.Message, Is.EqualTo(path + ":23: field 'b' of message 'M' has offset 3 which is not aligned to its 8-byte size"));
    }

    [Test]
    public void Load_FieldAfterGroup_IsOutOfOrder()
    {
        string path = Schema("""
            <sbe:message name="M" id="1">
                <group name="g" id="1"><field name="x" id="2" type="int32"/></group>
                <field name="a" id="3" type="int32"/>
            </sbe:message>
            """);

        AssertError(path, 23, "field 'a' of message 'M' is out of order: fields come before groups and var data");
    }

    [Test]
    public void Load_GroupAfterVarData_IsOutOfOrder()
    {
        string path = Schema("""
            <sbe:message name="M" id="1">
                <data name="d" id="1" type="varData"/>
                <group name="g" id="2"><field name="x" id="3" type="int32"/></group>
            </sbe:message>
            """);

        AssertError(path, 23, "group 'g' of message 'M' is out of order: groups come before var data");
    }

    [Test]
    public void Load_SinceVersionBeyondSchemaVersion_IsRejected()
    {
        string path = Schema("""
            <sbe:message name="M" id="1">
                <field name="a" id="1" type="int32" sinceVersion="3"/>
            </sbe:message>
            """);

        AssertError(path, 22, "'a' has sinceVersion 3 beyond the schema version 2");
    }

    [Test]
    public void Load_FieldOfOlderVersionAfterNewerOne_LoadsWithAWarningNamingBoth()
    {
        string path = Schema("""
            <sbe:message name="M" id="1">
                <field name="a" id="1" type="int32" sinceVersion="1"/>
                <field name="b" id="2" type="int32"/>
            </sbe:message>
            """);

        MessageSchema schema = FileSchemaSource.Load(path);

        Assert.That(schema.Messages[0].Fields.Select(f => (f.Name, f.SinceVersion, f.Offset)), Is.EqualTo(new[] { ("a", 1, 0), ("b", 0, 4) }));
        Assert.That(schema.Warnings.Select(w => w.ToString()), Is.EqualTo(new[]
        {
            path + ":23: field 'b' of message 'M' has sinceVersion 0 but follows 'a' with sinceVersion 1: fields of later versions should be appended",
        }));
    }

    [Test]
    public void Load_FieldWhoseTypeCarriesSinceVersion_LoadsWithTheFieldsOwnVersion_AndWarns()
    {
        // As production schemas do: the type says when it was added, the fields using it say nothing or more.
        string path = Schema(
            """
            <sbe:message name="M" id="1">
                <field name="a" id="1" type="Qty"/>
                <field name="b" id="2" type="int32"/>
                <field name="c" id="3" type="Qty" sinceVersion="2"/>
                <group name="g" id="4">
                    <field name="x" id="5" type="Qty"/>
                    <field name="y" id="6" type="int64"/>
                </group>
            </sbe:message>
            """,
            "<type name=\"Qty\" primitiveType=\"int32\" sinceVersion=\"1\"/>");

        MessageSchema schema = FileSchemaSource.Load(path);

        MessageDefinition message = schema.Messages[0];
        Assert.That(message.Fields.Select(f => (f.Name, f.SinceVersion)), Is.EqualTo(new[] { ("a", 0), ("b", 0), ("c", 2) }));
        Assert.That(message.Groups[0].Fields.Select(f => (f.Name, f.SinceVersion)), Is.EqualTo(new[] { ("x", 0), ("y", 0) }));
        Assert.That(message.BlockLength, Is.EqualTo(12));
        Assert.That(schema.Warnings.Select(w => w.ToString()), Is.EqualTo(new[]
        {
            path + ":22: field 'a' has sinceVersion 0 but its type 'Qty' exists only since version 1",
            path + ":26: field 'x' has sinceVersion 0 but its type 'Qty' exists only since version 1",
        }));
    }

    [TestCaseSource(nameof(s_referenceSchemas))]
    public void Load_EveryReferenceSchema_HasNoWarning(string file)
    {
        MessageSchema schema = FileSchemaSource.Load(SharedData.SbeFile(file));

        Assert.That(schema.Warnings, Is.Empty);
    }

    [Test]
    public void Load_EnumValueOutOfRangeForEncoding_IsRejected()
    {
        string path = Schema(
            "<sbe:message name=\"M\" id=\"1\"><field name=\"a\" id=\"1\" type=\"E\"/></sbe:message>",
            "<enum name=\"E\" encodingType=\"uint8\"><validValue name=\"Big\">300</validValue></enum>");

        AssertError(path, 18, "enum 'E' value 'Big' = '300' is out of range for its encoding type uint8");
    }

    [Test]
    public void Load_CharEnumValueOfTwoCharacters_IsRejected()
    {
        string path = Schema(
            "<sbe:message name=\"M\" id=\"1\"><field name=\"a\" id=\"1\" type=\"E\"/></sbe:message>",
            "<enum name=\"E\" encodingType=\"char\"><validValue name=\"X\">AB</validValue></enum>");

        AssertError(path, 18, "enum 'E' value 'X' = 'AB' is out of range for its encoding type char");
    }

    [Test]
    public void Load_SetChoiceBeyondEncodingBits_IsRejected()
    {
        string path = Schema(
            "<sbe:message name=\"M\" id=\"1\"><field name=\"a\" id=\"1\" type=\"S\"/></sbe:message>",
            "<set name=\"S\" encodingType=\"uint8\"><choice name=\"X\">8</choice></set>");

        AssertError(path, 18, "set 'S' choice 'X' bit '8' is out of range for its encoding type uint8 (0..7)");
    }

    [Test]
    public void Load_BlockLengthSmallerThanFields_IsRejected()
    {
        string path = Schema("""<sbe:message name="M" id="1" blockLength="2"><field name="a" id="1" type="int32"/></sbe:message>""");

        AssertError(path, 21, "message 'M' declares blockLength 2 but its fields need 4");
    }

    [Test]
    public void Load_XIncludeOfMissingFile_NamesTheHref()
    {
        string path = Write("s.xml", """
            <?xml version="1.0"?>
            <sbe:messageSchema xmlns:sbe="http://fixprotocol.io/2016/sbe" xmlns:xi="http://www.w3.org/2001/XInclude" package="t" id="1">
                <xi:include href="missing-types.xml"/>
            </sbe:messageSchema>
            """);

        SchemaException e = Assert.Throws<SchemaException>(() => FileSchemaSource.Load(path))!;

        Assert.That(e.Message, Does.StartWith(path + ":3: xi:include href 'missing-types.xml' not found"));
    }

    [Test]
    public void Load_ErrorInIncludedFile_NamesTheIncludedFileAndItsLine()
    {
        Write("types.xml", "<?xml version=\"1.0\"?>\n<types>\n<type name=\"T\" primitiveType=\"int33\"/>\n</types>\n");
        string path = Write("s.xml", """
            <?xml version="1.0"?>
            <sbe:messageSchema xmlns:sbe="http://fixprotocol.io/2016/sbe" xmlns:xi="http://www.w3.org/2001/XInclude" package="t" id="1">
                <xi:include href="types.xml"/>
            </sbe:messageSchema>
            """);

        SchemaException e = Assert.Throws<SchemaException>(() => FileSchemaSource.Load(path))!;

        Assert.That(e.Message, Is.EqualTo(Path.Combine(_directory, "types.xml") + ":3: type 'T' has unknown primitiveType 'int33'"));
    }

    [Test]
    public void Load_EngineSchemas_PassTheStrictRules()
    {
        string? directory = TestContext.CurrentContext.TestDirectory;
        while (directory is not null && !File.Exists(Path.Combine(directory, "Engine.sln")))
        {
            directory = Path.GetDirectoryName(directory);
        }

        Assert.That(directory, Is.Not.Null, "repository root");
        MessageSchema schema = FileSchemaSource.Load(Path.Combine(directory!, "schemas", "engine-schema.xml"), SchemaLoadOptions.Strict);

        Assert.Multiple(() =>
        {
            Assert.That(schema.Warnings, Is.Empty, "the engine's schemas follow the stricter rules the loader only warns about");
            Assert.That(schema.Version, Is.EqualTo(5), "version 2 names the venue of every order and carries the result-code registry; 3 answers admin inputs with a result code and lists limits and open orders in EngineStatus; 4 carries the venue's text on ExecutionReport; 5 the engine's ProtectiveStopFailed alert and stop orders, and how much of each risk limit is used");
            Assert.That(schema.Header.EncodedLength, Is.EqualTo(8));
            Assert.That(schema.Messages.Select(m => m.Name), Does.Contain("L2Update").And.Contain("NewOrder").And.Contain("ExecutionReport").And.Contain("TransferPosted").And.Contain("StateHashCheckpoint"));
        });
    }

    private void AssertError(string path, int line, string problem)
    {
        SchemaException e = Assert.Throws<SchemaException>(() => FileSchemaSource.Load(path))!;
        Assert.That(e.Message, Is.EqualTo(path + ":" + line + ": " + problem));
    }

    /// <summary>A schema file of the header types (lines 1-17) plus <paramref name="types"/> on line 18 and messages from line 21.</summary>
    private string Schema(string messages, string types = "")
    {
        string text = Header + "\n        " + types + "\n    </types>\n\n" + messages + "\n</sbe:messageSchema>\n";
        return Write("schema.xml", text);
    }

    private string Write(string name, string text)
    {
        string path = Path.Combine(_directory, name);
        File.WriteAllText(path, text);
        return path;
    }
}
