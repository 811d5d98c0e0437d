"""/update-password: Frappe's page (password reset links, "Change Password") unchanged, on the guest
pages' lean base (templates/portal/guest_base.html) instead of Frappe's base with ~300 kB of icon
sprites. A client who forgot their password lands here first."""

base_template_path = "templates/portal/guest_base.html"
