namespace Engine.Codecs.Tests;

/// <summary>After warm-up, encoding and decoding a message allocates nothing (the codecs are stack flyweights).</summary>
[TestFixture]
public sealed class CodecAllocationTests
{
    private const int Iterations = 10_000;

    [Test]
    public void EncodeAndDecode_L2UpdateWithTenLevels_AllocatesZeroBytes()
    {
        byte[] buffer = new byte[512];
        long checksum = RunL2(buffer, 100);

        long before = GC.GetAllocatedBytesForCurrentThread();
        checksum += RunL2(buffer, Iterations);
        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;

        Assert.That(allocated, Is.Zero);
        Assert.That(checksum, Is.Not.Zero);
    }

    [Test]
    public void EncodeAndDecode_NewOrder_AllocatesZeroBytes()
    {
        byte[] buffer = new byte[256];
        long checksum = RunNewOrder(buffer, 100);

        long before = GC.GetAllocatedBytesForCurrentThread();
        checksum += RunNewOrder(buffer, Iterations);
        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;

        Assert.That(allocated, Is.Zero);
        Assert.That(checksum, Is.Not.Zero);
    }

    [Test]
    public void EncodeAndDecode_VarDataFromString_AllocatesZeroBytes()
    {
        byte[] buffer = new byte[256];
        const string Reason = "max position exceeded";
        long checksum = RunReject(buffer, Reason, 100);

        long before = GC.GetAllocatedBytesForCurrentThread();
        checksum += RunReject(buffer, Reason, Iterations);
        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;

        Assert.That(allocated, Is.Zero);
        Assert.That(checksum, Is.EqualTo((100 + Iterations) * (long)Reason.Length));
    }

    private static long RunL2(byte[] buffer, int iterations)
    {
        long checksum = 0;
        for (int n = 0; n < iterations; n++)
        {
            MessageSamples.EncodeL2Update(buffer, 10, (ulong)n);
            var update = L2UpdateDecoder.WrapWithHeader(buffer, 0);
            var levels = update.Levels();
            while (levels.MoveNext())
            {
                checksum += levels.Price.Mantissa + levels.Quantity.Mantissa;
            }
        }

        return checksum;
    }

    private static long RunNewOrder(byte[] buffer, int iterations)
    {
        long checksum = 0;
        for (int n = 0; n < iterations; n++)
        {
            MessageSamples.EncodeNewOrder(buffer, (ulong)n);
            var order = NewOrderDecoder.WrapWithHeader(buffer, 0);
            checksum += order.Price.Mantissa + (long)order.ClientOrderId + (int)order.Side;
        }

        return checksum;
    }

    private static long RunReject(byte[] buffer, string reason, int iterations)
    {
        long checksum = 0;
        for (int n = 0; n < iterations; n++)
        {
            var reject = RejectEncoder.WrapAndApplyHeader(buffer, 0);
            reject.Reason = ResultCode.MaxPositionSize;
            reject.SetText(reason);
            var decoded = RejectDecoder.WrapWithHeader(buffer, 0);
            checksum += decoded.Text().Length;
        }

        return checksum;
    }
}
