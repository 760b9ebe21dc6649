using Engine.Concurrency.Agents;
using Engine.Concurrency.Threading;

namespace Engine.Concurrency.Tests.Agents;

public class AgentRunnerTests
{
    private static readonly TimeSpan s_hangGuard = TimeSpan.FromSeconds(60);

    private static IEnumerable<TestCaseData> IdleStrategies()
    {
        yield return new TestCaseData(new BusySpinIdleStrategy()).SetArgDisplayNames("busy-spin");
        yield return new TestCaseData(new NoOpIdleStrategy()).SetArgDisplayNames("no-op");
        yield return new TestCaseData(new YieldingIdleStrategy()).SetArgDisplayNames("yielding");
        yield return new TestCaseData(new SleepingIdleStrategy(0)).SetArgDisplayNames("sleeping");
        yield return new TestCaseData(new BackoffIdleStrategy(maxSpins: 2, maxYields: 2, minParkMilliseconds: 1, maxParkMilliseconds: 2)).SetArgDisplayNames("backoff");
    }

    [TestCaseSource(nameof(IdleStrategies))]
    public void Runner_CallsStartWorkAndCloseOnAThreadNamedAfterTheRole(IIdleStrategy idleStrategy)
    {
        var agent = new CountingAgent("ingress-receiver", stopAfter: 1000);
        using var runner = new AgentRunner(agent, idleStrategy);
        runner.Start();
        Assert.That(runner.Join(s_hangGuard), Is.True, "the agent never terminated");

        Assert.Multiple(() =>
        {
            Assert.That(agent.Work, Is.EqualTo(1000));
            Assert.That(agent.Starts, Is.EqualTo(1));
            Assert.That(agent.Closes, Is.EqualTo(1));
            Assert.That(agent.StartThreadName, Is.EqualTo("ingress-receiver"));
            Assert.That(agent.CloseThreadName, Is.EqualTo("ingress-receiver"));
            Assert.That(runner.ThreadName, Is.EqualTo("ingress-receiver"));
            Assert.That(runner.IsRunning, Is.False);
            Assert.That(runner.Fault, Is.Null);
        });
    }

    [Test]
    public void Close_StopsARunningAgentAndRunsOnClose()
    {
        var agent = new CountingAgent("timer", stopAfter: int.MaxValue);
        var runner = new AgentRunner(agent, new YieldingIdleStrategy());
        runner.Start();
        runner.Close();
        Assert.Multiple(() =>
        {
            Assert.That(agent.Closes, Is.EqualTo(1));
            Assert.That(runner.IsRunning, Is.False);
            Assert.That(runner.Join(s_hangGuard), Is.True);
        });
    }

    [Test]
    public void ThrowingAgent_StopsTheRunnerAndJoinReportsTheRoleAndException()
    {
        var agent = new CountingAgent("egress-publisher", stopAfter: int.MaxValue, throwAtCycle: 10);
        using var runner = new AgentRunner(agent, new YieldingIdleStrategy());
        runner.Start();
        AgentFaultException? fault = Assert.Throws<AgentFaultException>(() => runner.Join(s_hangGuard));
        Assert.Multiple(() =>
        {
            Assert.That(fault!.Message, Does.Contain("egress-publisher").And.Contain("cycle 10"));
            Assert.That(fault.InnerException, Is.InstanceOf<InvalidDataException>());
            Assert.That(runner.Fault, Is.SameAs(fault.InnerException));
            Assert.That(agent.Closes, Is.EqualTo(1));
        });
    }

    [Test]
    public void ThrowingAgent_WithAnErrorHandler_IsLoggedAndKeepsRunning()
    {
        var agent = new CountingAgent("metrics", stopAfter: 100, throwAtCycle: 10);
        var errors = new List<Exception>();
        using var runner = new AgentRunner(agent, new YieldingIdleStrategy(), errorHandler: errors.Add);
        runner.Start();
        Assert.That(runner.Join(s_hangGuard), Is.True);
        Assert.Multiple(() =>
        {
            Assert.That(agent.Work, Is.EqualTo(100));
            Assert.That(errors, Has.Count.EqualTo(1));
            Assert.That(errors[0].Message, Does.Contain("cycle 10"));
        });
    }

    [Test]
    public void Start_Twice_IsRejected()
    {
        using var runner = new AgentRunner(new CountingAgent("once", stopAfter: 1), new YieldingIdleStrategy());
        runner.Start();
        Assert.That(runner.Start, Throws.InvalidOperationException.With.Message.Contains("once"));
    }

    [Test]
    public void PinnedRunner_ItsThreadsAffinityReadsBackAsTheChosenCpu()
    {
        if (!ThreadAffinity.IsSupported)
        {
            Assert.Ignore("CPU pinning is Linux-only");
        }

        int cpu = ThreadAffinity.GetCurrentThreadAffinity()[^1];
        var agent = new CountingAgent("pinned", stopAfter: 10);
        using var runner = new AgentRunner(agent, new YieldingIdleStrategy(), cpu: cpu);
        runner.Start();
        Assert.That(runner.Join(s_hangGuard), Is.True);
        Assert.That(agent.Affinity, Is.EqualTo(new[] { cpu }));
    }

    [Test]
    public void PinnedRunner_ToACpuThatDoesNotExist_FailsWithTheCpuAndErrno()
    {
        if (!ThreadAffinity.IsSupported)
        {
            Assert.Ignore("CPU pinning is Linux-only");
        }

        var agent = new CountingAgent("pinned", stopAfter: 10);
        using var runner = new AgentRunner(agent, new YieldingIdleStrategy(), cpu: 1000);
        runner.Start();
        AgentFaultException? fault = Assert.Throws<AgentFaultException>(() => runner.Join(s_hangGuard));
        Assert.Multiple(() =>
        {
            Assert.That(fault!.InnerException!.Message, Does.Contain("sched_setaffinity").And.Contain("1000").And.Contain("errno"));
            Assert.That(agent.Starts, Is.Zero);
        });
    }
}
