using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text;
using Engine.Codecs;
using Engine.Gateways.Venues.Okx.OrderEntry;
using Engine.Gateways.Venues.OrderEntry;

namespace Engine.PerfTests.Harnesses.OrderEntry;

/// <summary>
/// The order-entry harness's OKX row: an egress NewOrder frame to <see cref="OkxRequestWriter"/>'s signed request
/// bytes (JSON body, ISO timestamp, Base64 HMAC-SHA256 of timestamp + POST + path + body, the OK-ACCESS-* head);
/// baseline: the JSON built by string interpolation, <c>HMACSHA256.HashData</c> and <c>Convert.ToBase64String</c>,
/// an <c>HttpRequestMessage</c> with the four headers and a <c>StringContent</c> whose bytes are read out.
/// Verified: the last request's signature against an independent HMAC, and 0 bytes allocated by our loop.
/// </summary>
internal static class OkxOrderEntryRow
{
    private const string Secret = "22582BD0CFF14C41EDBF1AB98506286D";
    private const string ApiKey = "a6b5c4d3-e2f1-4a0b-9c8d-7e6f5a4b3c2d";
    private const string Passphrase = "OrderEntryPass1";

    public static (LatencyRecorder Recorder, long Allocated, LatencyRecorder Signing) Measure(ushort venueId, uint instrumentId, byte[][] frames, int orders)
    {
        using var signer = new HmacSha256Signer(Encoding.ASCII.GetBytes(Secret));
        var writer = new OkxRequestWriter("www.okx.com", ApiKey, Passphrase, signer, "eng1");
        var reader = new EgressOrderReader(venueId, [new OrderEntryInstrument("BTC-USDT", instrumentId, venueId, 2, 8)]);
        var order = default(VenueOrder);
        long timestamp = 1_700_000_000_000;
        long written = 0;
        int mask = frames.Length - 1;
        var warmUp = Stopwatch.StartNew();
        for (int i = 0; warmUp.ElapsedMilliseconds < 1_000 || i < 10_000; i++)
        {
            reader.TryReadNewOrder(frames[i & mask], ref order);
            writer.WriteNewOrder(in order, swap: false, timestamp + i);
        }

        Verify(writer);
        var recorder = new LatencyRecorder();
        for (int i = 0; i < orders; i++)
        {
            long start = Stopwatch.GetTimestamp();
            reader.TryReadNewOrder(frames[i & mask], ref order);
            writer.WriteNewOrder(in order, swap: false, timestamp + i);
            long end = Stopwatch.GetTimestamp();
            written += writer.Request.Length;
            recorder.RecordTicks(end - start);
        }

        long before = GC.GetAllocatedBytesForCurrentThread();
        for (int i = 0; i < orders; i++)
        {
            reader.TryReadNewOrder(frames[i & mask], ref order);
            writer.WriteNewOrder(in order, swap: false, timestamp + i);
            written += writer.Request.Length;
        }

        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;

        // The HMAC alone over the same pre-hash: how much of an order is the signature.
        byte[] prehash = [.. "2023-11-14T22:13:20.000ZPOST/api/v5/trade/order"u8, .. writer.Body];
        var signing = new LatencyRecorder();
        Span<byte> base64 = stackalloc byte[HmacSha256Signer.Base64Length];
        for (int i = 0; i < orders / 4; i++)
        {
            long start = Stopwatch.GetTimestamp();
            signer.Append(prehash);
            signer.FinishBase64(base64);
            signing.RecordTicks(Stopwatch.GetTimestamp() - start);
        }

        if (written == 0)
        {
            throw new HarnessVerificationException("no OKX request was written");
        }

        if (allocated != 0)
        {
            throw new HarnessVerificationException($"writing {orders} signed OKX orders allocated {allocated} bytes");
        }

        return (recorder, allocated, signing);
    }

    public static (LatencyRecorder Recorder, long Allocated) MeasureBaseline(byte[][] frames, int orders)
    {
        byte[] secret = Encoding.ASCII.GetBytes(Secret);
        var uri = new Uri("https://www.okx.com/api/v5/trade/order");
        var recorder = new LatencyRecorder();
        long timestamp = 1_700_000_000_000;
        long written = 0;
        int mask = frames.Length - 1;
        var warmUp = Stopwatch.StartNew();
        for (int i = 0; warmUp.ElapsedMilliseconds < 1_000 || i < 10_000; i++)
        {
            written += BaselineRequest(frames[i & mask], secret, uri, timestamp + i);
        }

        for (int i = 0; i < orders; i++)
        {
            long start = Stopwatch.GetTimestamp();
            written += BaselineRequest(frames[i & mask], secret, uri, timestamp + i);
            recorder.RecordTicks(Stopwatch.GetTimestamp() - start);
        }

        long before = GC.GetAllocatedBytesForCurrentThread();
        for (int i = 0; i < orders; i++)
        {
            written += BaselineRequest(frames[i & mask], secret, uri, timestamp + i);
        }

        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        return written == 0 ? throw new HarnessVerificationException("the OKX baseline wrote nothing") : (recorder, allocated);
    }

    private static int BaselineRequest(byte[] frame, byte[] secret, Uri uri, long timestamp)
    {
        var order = NewOrderDecoder.WrapWithHeader(frame, 0);
        string side = order.Side == Side.Sell ? "sell" : "buy";
        string price = (order.Price.Mantissa / 100m).ToString(CultureInfo.InvariantCulture);
        string size = (order.Quantity.Mantissa / 100_000_000m).ToString(CultureInfo.InvariantCulture);
        string body = $"{{\"instId\":\"BTC-USDT\",\"tdMode\":\"cash\",\"clOrdId\":\"eng1{order.ClientOrderId.ToString(CultureInfo.InvariantCulture)}\",\"side\":\"{side}\",\"ordType\":\"limit\",\"px\":\"{price}\",\"sz\":\"{size}\"}}";
        string time = DateTimeOffset.FromUnixTimeMilliseconds(timestamp).ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture);
        string signature = Convert.ToBase64String(HMACSHA256.HashData(secret, Encoding.UTF8.GetBytes(time + "POST/api/v5/trade/order" + body)));
        using var request = new HttpRequestMessage(HttpMethod.Post, uri)
        {
            Content = new StringContent(body, Encoding.UTF8, new MediaTypeHeaderValue("application/json")),
        };
        request.Headers.Add("OK-ACCESS-KEY", ApiKey);
        request.Headers.Add("OK-ACCESS-PASSPHRASE", Passphrase);
        request.Headers.Add("OK-ACCESS-TIMESTAMP", time);
        request.Headers.Add("OK-ACCESS-SIGN", signature);
        return request.Content.ReadAsByteArrayAsync().GetAwaiter().GetResult().Length;
    }

    /// <summary>The last request's OK-ACCESS-SIGN against an independent HMAC of its timestamp, method, path and body.</summary>
    private static void Verify(OkxRequestWriter writer)
    {
        string request = Encoding.ASCII.GetString(writer.Request);
        string timestamp = Header(request, "OK-ACCESS-TIMESTAMP");
        string expected = Convert.ToBase64String(HMACSHA256.HashData(Encoding.ASCII.GetBytes(Secret), Encoding.ASCII.GetBytes(timestamp + "POST/api/v5/trade/order" + Encoding.ASCII.GetString(writer.Body))));
        if (Header(request, "OK-ACCESS-SIGN") != expected)
        {
            throw new HarnessVerificationException($"the OKX request is not signed correctly: {request}");
        }
    }

    private static string Header(string request, string name)
    {
        int at = request.IndexOf("\r\n" + name + ": ", StringComparison.Ordinal);
        if (at < 0)
        {
            throw new HarnessVerificationException($"the OKX request has no {name} header");
        }

        int start = at + name.Length + 4;
        return request[start..request.IndexOf("\r\n", start, StringComparison.Ordinal)];
    }
}
