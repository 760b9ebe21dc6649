using System.Text;
using Engine.Gateways.Venues.Gateway.Live;
using Engine.Gateways.Venues.Recordings;

namespace Engine.Gateways.Venues.Tests;

/// <summary>The live gateway's recordings read back by <see cref="RecordingReader"/> as the frames that were written.</summary>
[TestFixture]
public sealed class FrameRecorderTests
{
    [Test]
    public void MessagesAndRestResponses_ReadBackAsWritten_OneLineEach()
    {
        string folder = Path.Combine(Path.GetTempPath(), "engine-recorder-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(folder);
        try
        {
            string path = FrameRecorder.FileNameFor(folder, "binance", new DateTime(2024, 8, 8, 23, 59, 58, DateTimeKind.Utc));
            Assert.That(Path.GetFileName(path), Is.EqualTo("binance-20240808-235958.gz"));
            using (var recorder = new FrameRecorder(path))
            {
                recorder.WriteMessage(1_723_161_253_937_085_768, """{"stream":"btcusdt@trade","data":{"e":"trade","s":"BTCUSDT"}}"""u8);
                recorder.WriteRestResponse("https://api.binance.com/api/v3/depth?symbol=BTCUSDT&limit=1000", 1_723_161_254_000_000_001, "{\"lastUpdateId\":5,\n \"bids\":[],\r\n\"asks\":[]}"u8);
                recorder.WriteMessage(1_723_161_254_100_000_000, """{"a":"b\nc"}"""u8);
                Assert.That(recorder.Lines, Is.EqualTo(3));
            }

            var read = new List<string>();
            RecordingReader.Read([path], (in RecordedFrame frame) => read.Add($"{frame.Kind} {frame.ReceiveNanos} {frame.Url} {Encoding.UTF8.GetString(frame.Payload)}"));

            Assert.That(read, Is.EqualTo((string[])
            [
                """WebSocket 1723161253937085768  {"stream":"btcusdt@trade","data":{"e":"trade","s":"BTCUSDT"}}""",
                """RestResponse 1723161254000000001 https://api.binance.com/api/v3/depth?symbol=BTCUSDT&limit=1000 {"lastUpdateId":5,  "bids":[],  "asks":[]}""",
                """WebSocket 1723161254100000000  {"a":"b\nc"}""",
            ]));
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }
}
