using Engine.Concurrency.Processors;
using static Engine.Concurrency.Tests.Processors.BatchHookHandlers;

namespace Engine.Concurrency.Tests.Processors;

public class EventHandlerHooksTests
{
    [Test]
    public void HasOnBatchPublished_IsTrueOnlyForHandlersThatImplementTheHook()
    {
        Assert.Multiple(() =>
        {
            Assert.That(EventHandlerHooks<long, StructWithoutHook>.HasOnBatchPublished, Is.False);
            Assert.That(EventHandlerHooks<long, StructWithHook>.HasOnBatchPublished, Is.True);
            Assert.That(EventHandlerHooks<long, ClassWithoutHook>.HasOnBatchPublished, Is.False);
            Assert.That(EventHandlerHooks<long, ClassWithExplicitHook>.HasOnBatchPublished, Is.True);
            Assert.That(EventHandlerHooks<long, RecordingHandler>.HasOnBatchPublished, Is.True);
        });
    }

    [Test]
    public void HasOnBatchPublished_KeepsTheCallWhenTheHandlerTypeIsOnlyKnownAtRunTime()
    {
        Assert.That(EventHandlerHooks<long, IEventHandler<long>>.HasOnBatchPublished, Is.True);
    }

    [Test]
    public void HasOnBatchPublished_IsTrueForLogAndContinue_WhichForwardsOnlyToAnInnerHook()
    {
        Assert.That(EventHandlerHooks<long, LogAndContinueHandler<long, StructWithoutHook>>.HasOnBatchPublished, Is.True);
    }
}
