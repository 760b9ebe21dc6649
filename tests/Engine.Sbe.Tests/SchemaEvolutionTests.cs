using System.Reflection;
using Engine.Sbe.Files;
using Engine.Sbe.Schema.Emission;

namespace Engine.Sbe.Tests;

/// <summary>
/// SBE versioning through generated codecs: a newer decoder reads older messages (new fields null) and an older
/// decoder reads newer messages (skipping the longer block by its acting block length).
/// </summary>
[TestFixture]
public sealed class SchemaEvolutionTests
{
    private const string Driver = """
        namespace Sbe.Test;

        public static class Evolution
        {
            public static byte[] EncodeV2()
            {
                var buffer = new byte[128];
                var m = V2.VersionedMessageV2Encoder.WrapAndApplyHeader(buffer, 0);
                m.FieldA1 = 1;
                m.FieldB1 = 2;
                m.FieldC2 = 3;
                m.FieldD2 = 4;
                m.FieldE2 = 5;
                m.SetString1("hello");
                return global::System.MemoryExtensions.AsSpan(buffer, 0, 8 + m.EncodedLength).ToArray();
            }

            public static byte[] EncodeV1()
            {
                var buffer = new byte[128];
                var m = V1.VersionedMessageV1Encoder.WrapAndApplyHeader(buffer, 0);
                m.FieldA1 = 10;
                m.FieldB1 = 20;
                m.SetString1("old");
                return global::System.MemoryExtensions.AsSpan(buffer, 0, 8 + m.EncodedLength).ToArray();
            }

            public static string DecodeWithV1(byte[] data)
            {
                var m = V1.VersionedMessageV1Decoder.WrapWithHeader(data, 0);
                return m.ActingVersion + ";" + m.ActingBlockLength + ";" + m.FieldA1 + ";" + m.FieldB1 + ";" + m.String1AsString() + ";" + (8 + m.EncodedLength);
            }

            public static string DecodeWithV2(byte[] data)
            {
                var m = V2.VersionedMessageV2Decoder.WrapWithHeader(data, 0);
                return m.ActingVersion + ";" + m.FieldA1 + ";" + m.FieldB1 + ";" + m.String1AsString() + ";" + (8 + m.EncodedLength);
            }
        }
        """;

    private static readonly Lazy<Assembly> s_assembly = new(() => RuntimeCompiler.Compile(
        "Evolution",
        CSharpCodeEmitter.Emit(FileSchemaSource.Load(SharedData.SbeFile("versioned-message-v1.xml")), "V1"),
        CSharpCodeEmitter.Emit(FileSchemaSource.Load(SharedData.SbeFile("versioned-message-v2.xml")), "V2"),
        Driver));

    [Test]
    public void OlderDecoder_NewerMessage_SkipsTheLongerBlockAndReadsVarData()
    {
        byte[] data = (byte[])Invoke("EncodeV2");

        string decoded = (string)Invoke("DecodeWithV1", data);

        Assert.That(decoded, Is.EqualTo("2;20;1;2;hello;" + data.Length));
    }

    [Test]
    public void NewerDecoder_OlderMessage_ReadsByTheOlderBlockLength()
    {
        byte[] data = (byte[])Invoke("EncodeV1");

        string decoded = (string)Invoke("DecodeWithV2", data);

        Assert.That(decoded, Is.EqualTo("1;10;20;old;" + data.Length));
    }

    private static object Invoke(string method, params object[] arguments) =>
        s_assembly.Value.GetType("Sbe.Test.Evolution", throwOnError: true)!.GetMethod(method)!.Invoke(null, arguments)!;
}
