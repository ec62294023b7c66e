//! Lets a component set the HTTP status of the server response (a 404 page
//! must not answer 200). In the browser there is no response, so it does
//! nothing.

/// Sets the status code of the response being rendered.
pub fn set(code: u16) {
    #[cfg(feature = "ssr")]
    if let (Some(options), Ok(status)) = (
        leptos::prelude::use_context::<leptos_axum::ResponseOptions>(),
        http::StatusCode::from_u16(code),
    ) {
        options.set_status(status);
    }
    #[cfg(not(feature = "ssr"))]
    let _ = code;
}
