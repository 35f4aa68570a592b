using System.Reflection;

namespace LifeCircle.Reliability.Infrastructure;

/// <summary>Where the checkout and the built app are.</summary>
public static class Repository
{
    /// <summary>Returns the folder holding LifeCircle.sln above <paramref name="start"/>, or the current folder when there is none.</summary>
    public static string Root(string? start = null)
    {
        for (var folder = new DirectoryInfo(start ?? AppContext.BaseDirectory); folder is not null; folder = folder.Parent)
        {
            if (File.Exists(Path.Combine(folder.FullName, "LifeCircle.sln")))
            {
                return folder.FullName;
            }
        }

        return Directory.GetCurrentDirectory();
    }

    /// <summary>The build configuration this assembly was built with, so the app of the same build is used.</summary>
    public static string Configuration(Assembly assembly) =>
        assembly.GetCustomAttributes<AssemblyMetadataAttribute>().FirstOrDefault(a => a.Key == "Configuration")?.Value ?? "Release";

    public static string AppDll(string root, string configuration) =>
        Path.Combine(root, "src", "LifeCircle", "bin", configuration, "net10.0", "LifeCircle.dll");
}
