using Engine.Concurrency.Threading;

namespace Engine.Concurrency.Agents;

/// <summary>
/// Runs an <see cref="IAgent"/>'s duty cycle on a dedicated background thread named after the agent's role:
/// <c>OnStart</c>, then <c>DoWork</c> + <c>Idle</c> until closed, then <c>OnClose</c>, all on that thread.
/// Optionally pins the thread to one CPU first (Linux).
/// </summary>
/// <remarks>
/// Failure policy: by default an exception from the agent stops the runner (fail-fast) and is kept in
/// <see cref="Fault"/>; <see cref="Join"/> rethrows it wrapped in <see cref="AgentFaultException"/>. With an
/// <c>errorHandler</c>, a <c>DoWork</c> exception is reported to it and the loop goes on (for non-critical agents).
/// <see cref="AgentTerminationException"/> ends the loop cleanly.
/// Thread ownership: <see cref="Start"/>, <see cref="Close"/> and <see cref="Join"/> belong to the owning thread;
/// the agent and the idle strategy belong to the runner thread.
/// </remarks>
public sealed class AgentRunner : IDisposable
{
    private readonly IAgent _agent;
    private readonly IIdleStrategy _idleStrategy;
    private readonly int? _cpu;
    private readonly Action<Exception>? _errorHandler;
    private readonly Thread _thread;
    private volatile bool _running;
    private volatile Exception? _fault;
    private int _started;

    public AgentRunner(IAgent agent, IIdleStrategy idleStrategy, int? cpu = null, Action<Exception>? errorHandler = null)
    {
        ArgumentNullException.ThrowIfNull(agent);
        ArgumentNullException.ThrowIfNull(idleStrategy);
        if (cpu is int requested)
        {
            ArgumentOutOfRangeException.ThrowIfNegative(requested, nameof(cpu));
        }

        _agent = agent;
        _idleStrategy = idleStrategy;
        _cpu = cpu;
        _errorHandler = errorHandler;
        _thread = new Thread(Run) { Name = agent.RoleName, IsBackground = true };
    }

    /// <summary>The runner thread's name: the agent's role.</summary>
    public string ThreadName => _agent.RoleName;

    /// <summary>True from <see cref="Start"/> until the loop has been asked to stop.</summary>
    public bool IsRunning => _running;

    /// <summary>The exception that stopped the agent (or failed its pinning, start or close), or null.</summary>
    public Exception? Fault => _fault;

    /// <summary>Starts the runner thread. A runner starts once.</summary>
    public void Start()
    {
        if (Interlocked.Exchange(ref _started, 1) != 0)
        {
            throw new InvalidOperationException($"agent '{ThreadName}' was already started: a runner starts once");
        }

        _running = true;
        _thread.Start();
    }

    /// <summary>Asks the loop to stop after the current duty cycle and waits for <c>OnClose</c>; never throws the agent's fault.</summary>
    public void Close()
    {
        _running = false;
        if (Volatile.Read(ref _started) != 0)
        {
            _thread.Join();
        }
    }

    /// <summary>
    /// Waits for the runner thread to end (after <see cref="Close"/>, a termination or a fault); false on timeout.
    /// Throws <see cref="AgentFaultException"/> when the agent failed.
    /// </summary>
    public bool Join(TimeSpan timeout)
    {
        if (!_thread.Join(timeout))
        {
            return false;
        }

        Exception? fault = _fault;
        if (fault is not null)
        {
            throw new AgentFaultException($"agent '{ThreadName}' failed: {fault.GetType().Name}: {fault.Message}", fault);
        }

        return true;
    }

    public void Dispose() => Close();

    private void Run()
    {
        try
        {
            if (_cpu is int cpu)
            {
                ThreadAffinity.PinCurrentThread(cpu);
            }

            _agent.OnStart();
            DutyCycle();
        }
        catch (Exception e)
        {
            _fault ??= e;
        }
        finally
        {
            _running = false;
            try
            {
                _agent.OnClose();
            }
            catch (Exception e)
            {
                _fault ??= e;
            }
        }
    }

    private void DutyCycle()
    {
        IAgent agent = _agent;
        IIdleStrategy idleStrategy = _idleStrategy;
        while (_running)
        {
            int workCount;
            try
            {
                workCount = agent.DoWork();
            }
            catch (AgentTerminationException)
            {
                return;
            }
            catch (Exception e) when (_errorHandler is not null)
            {
                _errorHandler(e);
                workCount = 0;
            }

            idleStrategy.Idle(workCount);
        }
    }
}
