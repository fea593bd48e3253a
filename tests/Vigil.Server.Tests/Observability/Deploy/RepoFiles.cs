namespace Vigil.Server.Tests.Observability.Deploy;

/// <summary>Files of the repository the tests run from (found by walking up to Vigil.slnx).</summary>
public static class RepoFiles
{
    public static string Root { get; } = FindRoot();

    public static string RulesFile => Path.Combine(Root, "deploy", "prometheus", "vigil-rules.yml");
    public static string RulesTestFile => Path.Combine(Root, "deploy", "prometheus", "vigil-rules.test.yml");
    public static string ExampleConfig => Path.Combine(Root, "deploy", "prometheus", "prometheus.yml");
    public static string Dashboard => Path.Combine(Root, "deploy", "grafana", "vigil-dashboard.json");

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "Vigil.slnx")))
                return dir.FullName;
        throw new InvalidOperationException($"no Vigil.slnx above {AppContext.BaseDirectory}");
    }
}
