using Microsoft.AspNetCore.Diagnostics;
using StackExchange.Redis;

namespace Bright.Server.Distributed;

/// <summary>
/// Distributed mode: a request that fails because Redis did not answer (the event log, a cluster-wide id, or Hangfire's
/// job storage) is answered 503 with how to retry, as the readiness check reports it, rather than as a server error.
/// </summary>
internal sealed partial class RedisUnreachableHandler(RedisConnection redis, IProblemDetailsService problems, ILogger<RedisUnreachableHandler> logger)
    : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext httpContext, Exception exception, CancellationToken cancellationToken)
    {
        if (Cause(exception) is not { } cause)
        {
            return false;
        }

        LogUnreachable(httpContext.Request.Method, httpContext.Request.Path, cause.Message);
        httpContext.Response.StatusCode = StatusCodes.Status503ServiceUnavailable;
        return await problems.TryWriteAsync(new ProblemDetailsContext
        {
            HttpContext = httpContext,
            Exception = exception,
            ProblemDetails =
            {
                Status = StatusCodes.Status503ServiceUnavailable,
                Title = "Redis did not answer",
                Detail = $"Redis ({redis.Endpoints}, Bright:Redis:Configuration) did not answer: {cause.Message} "
                    + "Send the request again once the node is ready (GET /health/ready).",
            },
        });
    }

    private static RedisException? Cause(Exception? exception)
    {
        for (var e = exception; e is not null; e = e.InnerException)
        {
            if (e is RedisException redis)
            {
                return redis;
            }
        }

        return null;
    }

    [LoggerMessage(9020, LogLevel.Warning, "{Method} {Path} answered 503: Redis did not answer ({Reason})")]
    private partial void LogUnreachable(string method, string path, string reason);
}
