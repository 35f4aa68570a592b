using System.Reflection;
using Wolverine.Http;

namespace LifeCircle.Core.Http;

/// <summary>
/// Quiets Wolverine's log of unreadable request bodies. Wolverine logs every body it cannot
/// deserialize at Error level with a stack trace, under the body type's logger category, so a
/// client sending garbage could fill the log. The 400 itself is still logged once per request
/// by <see cref="CommandLogging"/>.
/// </summary>
public static class RequestBodyLogging
{
    public static ILoggingBuilder QuietUnreadableBodies(this ILoggingBuilder logging, Assembly assembly)
    {
        foreach (var category in BodyTypes(assembly).Select(t => t.FullName!).Distinct())
        {
            logging.AddFilter(category, LogLevel.Critical);
        }

        return logging;
    }

    /// <summary>
    /// Returns the request body types of the assembly's endpoints: the parameters of Wolverine
    /// HTTP methods that carry no attribute (such as <c>[Aggregate]</c> or <c>[NotBody]</c>) and
    /// whose type is a record of the assembly. Services are classes, so they are left out. Only
    /// Wolverine logs under these categories, because no class of the app creates a logger named
    /// after a request type.
    /// </summary>
    public static IEnumerable<Type> BodyTypes(Assembly assembly) =>
        from type in assembly.GetTypes()
        from method in type.GetMethods(BindingFlags.Public | BindingFlags.Static | BindingFlags.Instance)
        where method.GetCustomAttributes<WolverineHttpMethodAttribute>().Any()
        from parameter in method.GetParameters()
        where !parameter.GetCustomAttributes().Any()
        let candidate = parameter.ParameterType
        where candidate.Assembly == assembly && IsRecord(candidate)
        select candidate;

    private static bool IsRecord(Type type) => type.GetMethod("<Clone>$") is not null;
}
