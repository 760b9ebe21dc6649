using Engine.Concurrency.Threading;

namespace Engine.Concurrency.Tests.Threading;

public class ThreadAffinityTests
{
    [Test]
    public void PinCurrentThread_ReadsBackAsTheOnlyAllowedCpu()
    {
        if (!ThreadAffinity.IsSupported)
        {
            Assert.Ignore("CPU pinning is Linux-only");
        }

        int[] allowed = ThreadAffinity.GetCurrentThreadAffinity();
        Assert.That(allowed, Is.Not.Empty);
        int[]? pinned = null;
        int[]? widened = null;

        // A thread of its own: pinning the test runner's thread would leak into other tests.
        var thread = new Thread(() =>
        {
            ThreadAffinity.PinCurrentThread(allowed[0]);
            pinned = ThreadAffinity.GetCurrentThreadAffinity();
            ThreadAffinity.SetCurrentThreadAffinity(allowed);
            widened = ThreadAffinity.GetCurrentThreadAffinity();
        });
        thread.Start();
        thread.Join();

        Assert.Multiple(() =>
        {
            Assert.That(pinned, Is.EqualTo(new[] { allowed[0] }));
            Assert.That(widened, Is.EqualTo(allowed));
        });
    }

    [TestCase(-1)]
    [TestCase(1024)]
    public void PinCurrentThread_ToACpuOutsideTheCpuSet_IsRejected(int cpu)
    {
        if (!ThreadAffinity.IsSupported)
        {
            Assert.Ignore("CPU pinning is Linux-only");
        }

        Assert.That(() => ThreadAffinity.PinCurrentThread(cpu), Throws.InstanceOf<ArgumentOutOfRangeException>());
    }
}
