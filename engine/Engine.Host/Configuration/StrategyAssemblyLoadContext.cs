using System.Reflection;
using System.Runtime.Loader;

namespace Engine.Host;

/// <summary>
/// Where a user's strategy assembly is loaded: its own dependencies resolve from beside it (its .deps.json), while
/// every assembly the engine has (Engine.Core, Engine.Model, ..., the framework) is shared with the engine, so a
/// strategy's <c>Strategy&lt;TState&gt;</c> is the engine's type and not a copy of it. One per assembly; not unloadable
/// (a strategy lives as long as the engine).
/// </summary>
internal sealed class StrategyAssemblyLoadContext(string assemblyPath) : AssemblyLoadContext(System.IO.Path.GetFileNameWithoutExtension(assemblyPath))
{
    private readonly AssemblyDependencyResolver _resolver = new(assemblyPath);

    protected override Assembly? Load(AssemblyName assemblyName)
    {
        // The engine's own assemblies (and the framework) come from the engine, loaded or not yet: a copy of
        // Engine.Core beside the strategy would make its Strategy<TState> a different type from the engine's.
        try
        {
            return Default.LoadFromAssemblyName(assemblyName);
        }
        catch (FileNotFoundException)
        {
        }

        string? path = _resolver.ResolveAssemblyToPath(assemblyName);
        return path is null ? null : LoadFromAssemblyPath(path);
    }

    protected override IntPtr LoadUnmanagedDll(string unmanagedDllName)
    {
        string? path = _resolver.ResolveUnmanagedDllToPath(unmanagedDllName);
        return path is null ? IntPtr.Zero : LoadUnmanagedDllFromPath(path);
    }
}
