using System.Text.Json;
using Engine.Sbe.Decoding;
using Engine.Sbe.Files;
using Engine.Sbe.Schema;

namespace Engine.Sbe.Tests;

/// <summary>The schema-driven JSON decoder: the Car oracle, schema evolution, and malformed buffers.</summary>
[TestFixture]
public sealed class SchemaDrivenDecoderTests
{
    private static SchemaDrivenDecoder Car() => new(FileSchemaSource.Load(SharedData.SbeFile("example-schema.xml")));

    private static byte[] Baseline() => File.ReadAllBytes(SharedData.SbeFile("car_example_baseline_data.sbe"));

    [Test]
    public void Decode_CarBaseline_GivesHeaderAndEveryValueWithSchemaNames()
    {
        DecodedMessage message = Car().Decode(Baseline(), 0);

        using JsonDocument json = JsonDocument.Parse(message.Json);
        JsonElement root = json.RootElement;
        JsonElement fields = root.GetProperty("fields");
        Assert.Multiple(() =>
        {
            Assert.That(message.Length, Is.EqualTo(207));
            Assert.That(root.GetProperty("templateId").GetInt32(), Is.EqualTo(1));
            Assert.That(root.GetProperty("schemaId").GetInt32(), Is.EqualTo(1));
            Assert.That(root.GetProperty("version").GetInt32(), Is.Zero);
            Assert.That(root.GetProperty("blockLength").GetInt32(), Is.EqualTo(45));
            Assert.That(root.GetProperty("name").GetString(), Is.EqualTo("Car"));
            Assert.That(fields.GetProperty("serialNumber").GetInt64(), Is.EqualTo(1234));
            Assert.That(fields.GetProperty("modelYear").GetInt32(), Is.EqualTo(2013));
            Assert.That(fields.GetProperty("available").GetString(), Is.EqualTo("T"));
            Assert.That(fields.GetProperty("code").GetString(), Is.EqualTo("A"));
            Assert.That(fields.GetProperty("someNumbers").EnumerateArray().Select(e => e.GetInt32()), Is.EqualTo(new[] { 1, 2, 3, 4 }));
            Assert.That(fields.GetProperty("vehicleCode").GetString(), Is.EqualTo("abcdef"));
            Assert.That(fields.GetProperty("extras").EnumerateArray().Select(e => e.GetString()), Is.EqualTo(new[] { "sportsPack", "cruiseControl" }));
            Assert.That(fields.GetProperty("discountedModel").GetString(), Is.EqualTo("C"));
            JsonElement engine = fields.GetProperty("engine");
            Assert.That(engine.GetProperty("capacity").GetInt32(), Is.EqualTo(2000));
            Assert.That(engine.GetProperty("maxRpm").GetInt32(), Is.EqualTo(9000));
            Assert.That(engine.GetProperty("manufacturerCode").GetString(), Is.EqualTo("123"));
            Assert.That(engine.GetProperty("fuel").GetString(), Is.EqualTo("Petrol"));
            Assert.That(engine.GetProperty("booster").GetProperty("BoostType").GetString(), Is.EqualTo("NITROUS"));
            Assert.That(engine.GetProperty("booster").GetProperty("horsePower").GetInt32(), Is.EqualTo(200));
            JsonElement fuel = fields.GetProperty("fuelFigures");
            Assert.That(fuel.EnumerateArray().Select(e => e.GetProperty("usageDescription").GetString()), Is.EqualTo(new[] { "Urban Cycle", "Combined Cycle", "Highway Cycle" }));
            Assert.That(fuel[0].GetProperty("mpg").GetSingle(), Is.EqualTo(35.9f));
            JsonElement performance = fields.GetProperty("performanceFigures");
            Assert.That(performance[1].GetProperty("octaneRating").GetInt32(), Is.EqualTo(99));
            Assert.That(performance[1].GetProperty("acceleration")[2].GetProperty("seconds").GetSingle(), Is.EqualTo(11.8f));
            Assert.That(fields.GetProperty("manufacturer").GetString(), Is.EqualTo("Honda"));
            Assert.That(fields.GetProperty("model").GetString(), Is.EqualTo("Civic VTi"));
            Assert.That(fields.GetProperty("activationCode").GetString(), Is.EqualTo("abcdef"));
        });
    }

    [Test]
    public void Decode_Version0MessageWithVersion1Schema_ShowsNewFieldsAsNull()
    {
        var decoder = new SchemaDrivenDecoder(FileSchemaSource.Load(SharedData.SbeFile("example-extension-schema.xml")));
        byte[] data = File.ReadAllBytes(SharedData.SbeFile("car_example_extension_data.sbe"));

        DecodedMessage message = decoder.Decode(data, 0);

        using JsonDocument json = JsonDocument.Parse(message.Json);
        JsonElement fields = json.RootElement.GetProperty("fields");
        Assert.Multiple(() =>
        {
            Assert.That(fields.GetProperty("uuid").ValueKind, Is.EqualTo(JsonValueKind.Null));
            Assert.That(fields.GetProperty("cupHolderCount").ValueKind, Is.EqualTo(JsonValueKind.Null));
            Assert.That(fields.GetProperty("someNumbers").EnumerateArray().Select(e => e.GetInt32()), Is.EqualTo(new[] { 0, 1, 2, 3 }));
            Assert.That(fields.GetProperty("activationCode").GetString(), Is.EqualTo("abcdef"));
            Assert.That(message.Length, Is.EqualTo(207));
        });
    }

    [Test]
    public void Decode_OptionalDecimalWithNullMantissa_IsAnObjectWithNullMantissaAndConstantExponent()
    {
        MessageSchema schema = FileSchemaSource.Load(SharedData.SbeFile("new-order-single-schema.xml"));
        byte[] data = new byte[8 + 54];
        BitConverter.TryWriteBytes(data.AsSpan(0), (ushort)54);
        BitConverter.TryWriteBytes(data.AsSpan(2), (ushort)99);
        BitConverter.TryWriteBytes(data.AsSpan(4), (ushort)14);
        "ORDER001"u8.CopyTo(data.AsSpan(8));
        data[8 + 24] = (byte)'1';
        data[8 + 37] = (byte)'2';
        BitConverter.TryWriteBytes(data.AsSpan(8 + 38), 12345L);
        BitConverter.TryWriteBytes(data.AsSpan(8 + 46), long.MinValue);

        using JsonDocument json = JsonDocument.Parse(new SchemaDrivenDecoder(schema).Decode(data, 0).Json);

        JsonElement fields = json.RootElement.GetProperty("fields");
        Assert.Multiple(() =>
        {
            Assert.That(fields.GetProperty("ClOrdId").GetString(), Is.EqualTo("ORDER001"));
            Assert.That(fields.GetProperty("Side").GetString(), Is.EqualTo("Buy"));
            Assert.That(fields.GetProperty("OrdType").GetString(), Is.EqualTo("Limit"));
            Assert.That(fields.GetProperty("Price").GetProperty("mantissa").GetInt64(), Is.EqualTo(12345));
            Assert.That(fields.GetProperty("Price").GetProperty("exponent").GetInt32(), Is.EqualTo(-3));
            Assert.That(fields.GetProperty("StopPx").GetProperty("mantissa").ValueKind, Is.EqualTo(JsonValueKind.Null));
        });
    }

    [Test]
    public void Decode_EveryTruncationOfTheCar_IsAOneLineTruncationError()
    {
        byte[] data = Baseline();
        SchemaDrivenDecoder decoder = Car();
        for (int length = 0; length < data.Length; length++)
        {
            SbeDecodeException e = Assert.Throws<SbeDecodeException>(() => decoder.Decode(data.AsSpan(0, length), 0), $"length {length}")!;
            Assert.That(e.Message, Does.StartWith("truncated buffer").Or.StartWith("group '"), $"length {length}");
            Assert.That(e.Message, Does.Not.Contain('\n'));
        }
    }

    [Test]
    public void Decode_GroupCountBeyondTheBuffer_NamesTheGroupAndOffset()
    {
        byte[] data = Baseline();
        data[8 + 45 + 2] = 200;

        SbeDecodeException e = Assert.Throws<SbeDecodeException>(() => Car().Decode(data, 0))!;

        Assert.That(e.Message, Is.EqualTo("group 'fuelFigures' at offset 53 declares 200 entries of 6 bytes, ending at 1257, beyond the buffer end 207"));
    }

    [Test]
    public void Decode_UnknownTemplate_ListsTheKnownOnes()
    {
        byte[] data = Baseline();
        data[2] = 9;

        SbeDecodeException e = Assert.Throws<SbeDecodeException>(() => Car().Decode(data, 0))!;

        Assert.That(e.Message, Is.EqualTo("unknown templateId 9 at offset 0: schema 'baseline' (id 1) defines templates 1"));
    }

    [Test]
    public void Decode_SchemaIdMismatch_NamesBothIds()
    {
        byte[] data = Baseline();
        data[4] = 2;

        SbeDecodeException e = Assert.Throws<SbeDecodeException>(() => Car().Decode(data, 0))!;

        Assert.That(e.Message, Is.EqualTo("schema id mismatch at offset 0: the header says schemaId 2 but schema 'baseline' has id 1"));
    }

    [Test]
    public void Decode_VarDataLengthBeyondTheBuffer_IsATruncationError()
    {
        byte[] data = Baseline();
        data[207 - 10] = 0xFF;

        SbeDecodeException e = Assert.Throws<SbeDecodeException>(() => Car().Decode(data, 0))!;

        Assert.That(e.Message, Does.StartWith("truncated buffer: var data 'activationCode' of 255 bytes at offset 201"));
    }

    [Test]
    public void Decode_AtAnOffset_ReadsTheMessageThere()
    {
        byte[] data = [0xAA, 0xBB, .. Baseline()];

        DecodedMessage message = Car().Decode(data, 2);

        Assert.That(message.Length, Is.EqualTo(207));
    }
}
