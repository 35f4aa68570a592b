using FluentValidation;
using FluentValidation.Results;
using JasperFx;
using JasperFx.CodeGeneration;
using JasperFx.CodeGeneration.Frames;
using LifeCircle.Core.Localization;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Wolverine.Http;
using Wolverine.Http.CodeGen;

namespace LifeCircle.Core.Http;

/// <summary>
/// Runs the registered FluentValidation validator of an endpoint's request body before
/// the endpoint, and ends the request with a 400 problem-details response listing every
/// invalid field when it fails.
/// </summary>
public sealed class ValidationPolicy : IHttpPolicy
{
    public void Apply(IReadOnlyList<HttpChain> chains, GenerationRules rules, IServiceContainer container)
    {
        foreach (var chain in chains.Where(c => c.HasRequestType))
        {
            var validatorType = typeof(IValidator<>).MakeGenericType(chain.RequestType!);
            if (!container.RegistrationsFor(validatorType).Any())
            {
                continue;
            }

            chain.Metadata.ProducesValidationProblem();
            var method = typeof(RequestValidation).GetMethod(nameof(RequestValidation.ValidateAsync))!
                .MakeGenericMethod(chain.RequestType!);
            var call = new MethodCall(typeof(RequestValidation), method);
            chain.Middleware.InsertRange(0, [call, new MaybeEndWithResultFrame(call.ReturnVariable!)]);
        }
    }
}

public static class RequestValidation
{
    public static async Task<IResult> ValidateAsync<T>(IValidator<T> validator, T? body)
    {
        if (body is null)
        {
            return Results.Problem(Problems.BadRequest("Request_BodyMissing"));
        }

        var result = await validator.ValidateAsync(body);
        return result.IsValid ? WolverineContinue.Result() : Results.Problem(ToProblem(result.Errors));
    }

    public static ValidationProblemDetails ToProblem(IEnumerable<ValidationFailure> failures)
    {
        var errors = failures
            .GroupBy(f => FieldPath(f.PropertyName))
            .ToDictionary(g => g.Key, g => g.Select(f => f.ErrorMessage).Distinct().ToArray());

        var problem = new ValidationProblemDetails(errors)
        {
            Status = StatusCodes.Status400BadRequest,
            Type = "urn:lifecircle:problem:Request_Invalid",
            Title = Text.Get("Title_400"),
            Detail = Text.Get("Request_Invalid", string.Join(", ", errors.Keys))
        };
        problem.Extensions["code"] = "Request_Invalid";
        return problem;
    }

    /// <summary>Converts a FluentValidation path such as <c>Repair.Item</c> to the JSON path <c>repair.item</c>.</summary>
    public static string FieldPath(string propertyName) =>
        string.Join('.', propertyName.Split('.').Select(JsonNamingPolicyCamel));

    private static string JsonNamingPolicyCamel(string segment) =>
        System.Text.Json.JsonNamingPolicy.CamelCase.ConvertName(segment);
}
