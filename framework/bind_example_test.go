package framework_test

import (
	"errors"
	"fmt"

	"github.com/goframe/goframe/framework"
)

type signupRequest struct {
	Email    string `json:"email" validate:"required,email"`
	Age      int    `json:"age" validate:"min=13"`
	Password string `json:"password" validate:"required,min=8"`
	Confirm  string `json:"confirm"`
}

// Validate checks what one field's tag cannot: runs once the tags pass.
func (s *signupRequest) Validate() error {
	if s.Confirm != s.Password {
		return framework.FieldErrors{"confirm": "the passwords differ"}
	}
	return nil
}

// A view binds a JSON body; what the client got wrong goes back as a 400
// naming each field.
func ExampleRequest_BindJSON() {
	app := framework.New(framework.Config{Debug: true, NoRequestLog: true})
	app.Post("/signup", func(r *framework.Request) framework.Response {
		var s signupRequest
		if err := r.BindJSON(&s); err != nil {
			return framework.Error(err) // 400, 413 or 415; a 500 for the program's mistakes
		}
		return framework.JSON(map[string]string{"welcome": s.Email})
	})

	c := framework.NewTestClient(app)
	for _, body := range []map[string]any{
		{"email": "ada@", "age": 12, "password": "short"},
		{"email": "ada@example.com", "age": "36", "pasword": "x"},
		{"email": "ada@example.com", "age": 36, "password": "correct horse", "confirm": "correct hose"},
		{"email": "ada@example.com", "age": 36, "password": "correct horse", "confirm": "correct horse"},
	} {
		resp, err := c.PostJSON("/signup", body)
		if err != nil {
			fmt.Println(err)
			return
		}
		fmt.Print(resp.StatusCode, " ", resp.Text())
	}
	// Output:
	// 400 {"error":"invalid data","fields":{"age":"want at least 13, got 12","email":"want an email address such as name@example.com","password":"want at least 8 characters, got 5"}}
	// 400 {"error":"invalid JSON body","fields":{"age":"want an integer, got string","pasword":"unknown field"}}
	// 400 {"error":"invalid data","fields":{"confirm":"the passwords differ"}}
	// 200 {"welcome":"ada@example.com"}
}

// Validate checks a value decoded another way.
func ExampleValidate() {
	s := signupRequest{Email: "ada@example.com", Age: 36}
	err := framework.Validate(&s)
	var re *framework.RequestError
	if errors.As(err, &re) {
		fmt.Println(re.Status, re.Fields)
	}
	// Output:
	// 400 map[password:this field is required]
}
