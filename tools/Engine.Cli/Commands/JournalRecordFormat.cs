using System.Buffers;
using System.Globalization;
using System.Text;
using System.Text.Json;
using Engine.Journal.Decoding;
using Engine.Journal.Reading;

namespace Engine.Cli.Commands;

/// <summary>
/// How <c>engine journal dump</c> and <c>export</c> print a record: a text line, a JSON line, or a CSV row.
/// One instance per command run (it reuses its JSON buffer); not thread-safe.
/// </summary>
public sealed class JournalRecordFormat
{
    public const string CsvHeader = "seq,template_id,name,exchange_time,engine_time,payload_length,crc32c,payload_hex";

    private readonly IRecordDecoder _decoder;
    private readonly ArrayBufferWriter<byte> _buffer = new(4096);
    private readonly Utf8JsonWriter _writer;

    public JournalRecordFormat(IRecordDecoder decoder)
    {
        _decoder = decoder;
        _writer = new Utf8JsonWriter(_buffer);
    }

    public string Text(in JournalRecord record) =>
        string.Create(
            CultureInfo.InvariantCulture,
            $"{record.Sequence} {_decoder.NameOf(record.TemplateId)} template={record.TemplateId} exchange_time={record.ExchangeTime} engine_time={record.EngineTime} " +
            $"length={record.Payload.Length} crc32c={record.Checksum:x8} payload={Convert.ToHexStringLower(record.Payload)}");

    /// <summary>One JSON object: header fields, the payload as hex and, when the decoder knows the template, the decoded fields.</summary>
    public string Json(in JournalRecord record)
    {
        _buffer.ResetWrittenCount();
        _writer.Reset(_buffer);
        _writer.WriteStartObject();
        _writer.WriteNumber("seq", record.Sequence);
        _writer.WriteNumber("templateId", record.TemplateId);
        _writer.WriteString("name", _decoder.NameOf(record.TemplateId));
        _writer.WriteNumber("exchangeTime", record.ExchangeTime);
        _writer.WriteNumber("engineTime", record.EngineTime);
        _writer.WriteNumber("length", record.Payload.Length);
        _writer.WriteString("crc32c", record.Checksum.ToString("x8", CultureInfo.InvariantCulture));
        _writer.WriteString("payload", Convert.ToHexStringLower(record.Payload));
        _writer.WritePropertyName("decoded");
        if (!_decoder.TryWriteJson(record.TemplateId, record.Payload, _writer))
        {
            _writer.WriteNullValue();
        }

        _writer.WriteEndObject();
        _writer.Flush();
        return Encoding.UTF8.GetString(_buffer.WrittenSpan);
    }

    public string Csv(in JournalRecord record) =>
        string.Create(
            CultureInfo.InvariantCulture,
            $"{record.Sequence},{record.TemplateId},{CsvField(_decoder.NameOf(record.TemplateId))},{record.ExchangeTime},{record.EngineTime},{record.Payload.Length},{record.Checksum:x8},{Convert.ToHexStringLower(record.Payload)}");

    private static string CsvField(string value) =>
        value.AsSpan().IndexOfAny(",\"\n\r") < 0 ? value : "\"" + value.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"";
}
