using System.Reflection.Metadata;
using System.Reflection.PortableExecutable;
using System.Xml.Linq;

namespace Engine.Architecture.Tests;

/// <summary>
/// Reads the repository's projects: the edges their project files declare (ProjectReference, followed
/// transitively) and the edges their compiled assemblies carry (assembly references in the metadata).
/// </summary>
public sealed class RepositoryGraph
{
    private static readonly string[] s_productionFolders = ["engine", "gateways", "journal", "schemas"];

    private readonly Dictionary<string, ProjectInfo> _projects = new(StringComparer.Ordinal);

    private RepositoryGraph(string root)
    {
        Root = root;
        foreach (string file in Directory.EnumerateFiles(root, "*.csproj", SearchOption.AllDirectories))
        {
            string relative = Path.GetRelativePath(root, file).Replace('\\', '/');
            if (relative.Contains("/bin/", StringComparison.Ordinal) || relative.Contains("/obj/", StringComparison.Ordinal))
            {
                continue;
            }

            string topFolder = relative.Split('/')[0];
            string name = Path.GetFileNameWithoutExtension(file);
            XDocument document = XDocument.Load(file);
            string assemblyName = document.Descendants("AssemblyName").Select(e => e.Value).FirstOrDefault() ?? name;
            // A reference with ReferenceOutputAssembly="false" (a source generator run as an analyzer) is a build-time
            // edge: checked as a direct edge, but the referencing project's consumers never see that assembly.
            var projectReferences = document.Descendants("ProjectReference")
                .Select(e => (Include: e.Attribute("Include")?.Value, BuildOnly: string.Equals(e.Attribute("ReferenceOutputAssembly")?.Value, "false", StringComparison.OrdinalIgnoreCase)))
                .Where(r => r.Include is not null && r.Include.EndsWith(".csproj", StringComparison.OrdinalIgnoreCase) && !r.Include.Contains('*', StringComparison.Ordinal))
                .Select(r => (Name: Path.GetFileNameWithoutExtension(r.Include!.Replace('\\', '/')), r.BuildOnly))
                .ToList();
            var references = projectReferences.Where(r => !r.BuildOnly).Select(r => r.Name).ToList();
            var buildOnly = projectReferences.Where(r => r.BuildOnly).Select(r => r.Name).ToList();
            _projects[name] = new ProjectInfo(name, assemblyName, topFolder, references, buildOnly);
        }
    }

    public string Root { get; }

    public IEnumerable<ProjectInfo> Projects => _projects.Values;

    public IEnumerable<ProjectInfo> ProductionProjects => _projects.Values.Where(p => s_productionFolders.Contains(p.TopFolder));

    public IReadOnlySet<string> NonProductionProjectNames =>
        _projects.Values.Where(p => DependencyRules.NonProductionFolders.Contains(p.TopFolder))
            .SelectMany(p => new[] { p.Name, p.AssemblyName })
            .ToHashSet(StringComparer.Ordinal);

    public static RepositoryGraph Load()
    {
        DirectoryInfo? directory = new(TestContext.CurrentContext.TestDirectory);
        while (directory is not null && !File.Exists(Path.Combine(directory.FullName, "Engine.sln")))
        {
            directory = directory.Parent;
        }

        if (directory is null)
        {
            throw new InvalidOperationException($"No Engine.sln above {TestContext.CurrentContext.TestDirectory}");
        }

        return new RepositoryGraph(directory.FullName);
    }

    /// <summary>Declared edges, transitive: A references B which references C gives A -> C as well.</summary>
    public IEnumerable<DependencyEdge> DeclaredEdges()
    {
        foreach (ProjectInfo project in ProductionProjects)
        {
            var seen = new HashSet<string>(StringComparer.Ordinal);
            var pending = new Stack<(string Name, string Path)>();
            foreach (string reference in project.References)
            {
                pending.Push((reference, $"{project.Name}.csproj"));
            }

            foreach (string tool in project.BuildOnlyReferences)
            {
                yield return new DependencyEdge(project.Name, tool, $"build-time ProjectReference in {project.Name}.csproj");
            }

            while (pending.Count > 0)
            {
                (string name, string path) = pending.Pop();
                if (!seen.Add(name))
                {
                    continue;
                }

                yield return new DependencyEdge(project.Name, name, $"ProjectReference via {path}");
                if (_projects.TryGetValue(name, out ProjectInfo? next))
                {
                    foreach (string reference in next.References)
                    {
                        pending.Push((reference, $"{path} -> {name}.csproj"));
                    }
                }
            }
        }
    }

    /// <summary>Edges in the compiled assemblies found in <paramref name="binDirectory"/>.</summary>
    public IEnumerable<DependencyEdge> CompiledEdges(string binDirectory)
    {
        var byAssembly = _projects.Values.ToDictionary(p => p.AssemblyName, p => p.Name, StringComparer.Ordinal);
        foreach (ProjectInfo project in ProductionProjects)
        {
            string path = Path.Combine(binDirectory, project.AssemblyName + ".dll");
            if (!File.Exists(path))
            {
                continue;
            }

            using FileStream stream = File.OpenRead(path);
            using var reader = new PEReader(stream);
            MetadataReader metadata = reader.GetMetadataReader();
            foreach (AssemblyReferenceHandle handle in metadata.AssemblyReferences)
            {
                string referenced = metadata.GetString(metadata.GetAssemblyReference(handle).Name);
                if (byAssembly.TryGetValue(referenced, out string? target))
                {
                    yield return new DependencyEdge(project.Name, target, $"assembly reference in {project.AssemblyName}.dll");
                }
            }
        }
    }

    /// <summary>A project: <paramref name="References"/> are compiled against; <paramref name="BuildOnlyReferences"/> only run at build time.</summary>
    public sealed record ProjectInfo(string Name, string AssemblyName, string TopFolder, IReadOnlyList<string> References, IReadOnlyList<string> BuildOnlyReferences);
}
