using System.Diagnostics;
using System.Reflection;

namespace LifeCircle.Bench;

/// <summary>
/// Builds the LifeCircle app's host without starting it, so the seed tool uses the app's own
/// service registrations and Marten configuration (schema, tenancy, serializer, event types)
/// instead of a copy that could drift from it. It runs the app's entry point and stops it at
/// the "HostBuilt" diagnostic event that <c>HostBuilder.Build</c> raises, the same hook
/// <c>WebApplicationFactory</c> and the EF Core tools use.
/// </summary>
public static class AppHost
{
    public static IHost Build(string[] appArguments, TimeSpan timeout)
    {
        var built = new TaskCompletionSource<IHost>(TaskCreationOptions.RunContinuationsAsynchronously);
        using var subscription = DiagnosticListener.AllListeners.Subscribe(new ListenerObserver(built));

        var entryPoint = typeof(Program).Assembly.EntryPoint
                         ?? throw new InvalidOperationException("The LifeCircle assembly has no entry point.");
        var thread = new Thread(() => RunUntilBuilt(entryPoint, appArguments, built))
        {
            IsBackground = true,
            Name = "LifeCircle host builder"
        };
        thread.Start();

        if (!built.Task.Wait(timeout))
        {
            throw new TimeoutException($"The LifeCircle host was not built within {timeout.TotalSeconds:0} s.");
        }

        return built.Task.Result;
    }

    private static void RunUntilBuilt(MethodInfo entryPoint, string[] arguments, TaskCompletionSource<IHost> built)
    {
        try
        {
            entryPoint.Invoke(null, [arguments]);
            built.TrySetException(new InvalidOperationException("LifeCircle's entry point returned without building a host."));
        }
        catch (TargetInvocationException e) when (e.InnerException is HostBuiltException)
        {
            // The host was captured: Main stops here, before it starts the host.
        }
        catch (TargetInvocationException e)
        {
            built.TrySetException(e.InnerException ?? e);
        }
    }

    private sealed class HostBuiltException : Exception;

    private sealed class ListenerObserver(TaskCompletionSource<IHost> built) : IObserver<DiagnosticListener>
    {
        public void OnNext(DiagnosticListener listener)
        {
            if (listener.Name == "Microsoft.Extensions.Hosting")
            {
                listener.Subscribe(new EventObserver(built));
            }
        }

        public void OnCompleted()
        {
        }

        public void OnError(Exception error)
        {
        }
    }

    private sealed class EventObserver(TaskCompletionSource<IHost> built) : IObserver<KeyValuePair<string, object?>>
    {
        public void OnNext(KeyValuePair<string, object?> value)
        {
            if (value.Key == "HostBuilt" && value.Value is IHost host && built.TrySetResult(host))
            {
                throw new HostBuiltException();
            }
        }

        public void OnCompleted()
        {
        }

        public void OnError(Exception error)
        {
        }
    }
}
