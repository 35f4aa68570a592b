using Microsoft.AspNetCore.Html;
using Microsoft.AspNetCore.Mvc.Rendering;

namespace LifeCircle.Pages;

/// <summary>Markup shared by the forms of every page.</summary>
public static class FormHtml
{
    /// <summary>
    /// Returns the id of the error message of a field, given by its JSON path such as
    /// <c>repair.item</c>. Inputs point at it with aria-describedby.
    /// </summary>
    public static string ErrorId(string field) => field.Replace('.', '-').Replace('[', '-').Replace("]", "") + "-error";

    /// <summary>
    /// Renders the error message slot of a field. It is always present, hidden while empty,
    /// so that site.js can fill it with the <c>errors</c> of an API problem response.
    /// </summary>
    public static IHtmlContent FieldError(this IHtmlHelper html, string field, string? message = null)
    {
        var tag = new TagBuilder("p");
        tag.AddCssClass("field-error");
        tag.Attributes["id"] = ErrorId(field);
        tag.Attributes["data-error-for"] = field;
        if (string.IsNullOrEmpty(message))
        {
            tag.Attributes["hidden"] = "hidden";
        }
        else
        {
            tag.InnerHtml.Append(message);
        }

        return tag;
    }
}
