namespace Engine.Concurrency.Agents;

/// <summary>
/// A duty cycle that is not a ring consumer (an IPC receiver, a timer, a publisher polling a ring): the runner calls
/// <see cref="DoWork"/> in a loop and lets an idle strategy decide what to do when no work was done.
/// </summary>
/// <remarks>Thread ownership: every member is called on the agent's runner thread only.</remarks>
public interface IAgent
{
    /// <summary>The role, used as the runner thread's name and in fault reports (e.g. <c>ingress-receiver</c>).</summary>
    string RoleName { get; }

    /// <summary>Called once on the agent's thread before the first <see cref="DoWork"/>.</summary>
    void OnStart();

    /// <summary>Does a bounded amount of work and returns how much (0 when there was nothing to do).</summary>
    int DoWork();

    /// <summary>Called once on the agent's thread after the last <see cref="DoWork"/>, whatever ended the loop.</summary>
    void OnClose();
}
